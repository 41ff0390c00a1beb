/**
 * restore-saved-state
 */
import { readFileSync, statSync } from 'node:fs';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { StateRegistry } from './create-state-registry.js';
import { parseJournal } from './journal-record.js';
import { digestOf, readStateFile } from './state-file.js';

/** Options of {@link restoreSavedState}. */
interface RestoreSavedStateOptions {
  state: StateRegistry;
  /** The snapshot file (resolved: see resolveStatePath); its journal is `<path>.journal`. */
  path: string;
  /** The path as the user gave it, for messages. @default path */
  name?: string;
}

/** What {@link restoreSavedState} found. */
interface SavedState {
  /** Whether there was a saved state (a snapshot, or journal records). */
  readonly restored: boolean;
  /** What it worked around (a torn last journal record, a stale journal), one sentence each. */
  readonly notes: string[];
}

/**
 * Restores a state as a restart would: the snapshot file, then the records of its journal in order. It neither locks
 * nor writes anything (attachStatePersistence does, around it). A snapshot that cannot be restored, or a journal
 * line that is corrupt or cannot be applied, is an error naming the file (and the line), and the state is left as it
 * was.
 */
export function restoreSavedState(options: RestoreSavedStateOptions): Result<SavedState> {
  const { state, path, name = path } = options;
  const read = readStateFile(path);
  if (!read.ok) return read;
  const before = state.snapshot();
  if (read.value !== null) {
    const applied = state.restore(read.value);
    if (!applied.ok)
      return fail(ErrorCode.BAD_USER_INPUT, `state file ${name} cannot be restored: ${applied.problem.message}`);
  }
  const replayed = replayJournal(state, path, `${path}.journal`);
  if (!replayed.ok) {
    // All or nothing: back to the state before (a mock's own snapshot always restores).
    state.restore(before);
    return replayed;
  }
  return ok({ restored: read.value !== null || replayed.value.records > 0, notes: replayed.value.notes });
}

/** What replaying a journal did. */
interface Replayed {
  readonly records: number;
  readonly notes: string[];
}

/**
 * Applies the journal's records on top of the restored snapshot. A journal that belongs to an older snapshot (a
 * compaction killed after writing the snapshot) holds nothing the snapshot lacks, and is ignored.
 */
function replayJournal(state: StateRegistry, path: string, journalPath: string): Result<Replayed> {
  let text: string;
  try {
    if (!statSync(journalPath).isFile())
      return fail(ErrorCode.BAD_USER_INPUT, `journal ${journalPath} is not a regular file; move it away`);
    text = readFileSync(journalPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok({ records: 0, notes: [] });
    return fail(ErrorCode.BAD_USER_INPUT, `cannot read journal ${journalPath}: ${(error as Error).message}`);
  }
  const parsed = parseJournal(text, journalPath);
  if (!parsed.ok) return parsed;
  const notes: string[] = [];
  let base: string | undefined;
  try {
    base = digestOf(readFileSync(path));
  } catch {
    base = undefined;
  }
  if (parsed.value.header.base !== base) {
    notes.push(
      `journal ${journalPath} was written for another snapshot than ${path} (a compaction was interrupted, or the snapshot was replaced); its changes were not replayed`,
    );
    return ok({ records: 0, notes });
  }
  const keys = new Set(state.keys);
  for (const { record, line } of parsed.value.records) {
    const at = `journal ${journalPath} line ${line}`;
    if (!keys.has(record.part))
      return fail(
        ErrorCode.BAD_USER_INPUT,
        `${at}: unknown state part "${record.part}"; expected ${state.keys.join(', ')}`,
      );
    const applied =
      'change' in record
        ? state.replayChange(record.part, record.change, `${at}: ${record.part}`)
        : state.restorePart(record.part, record.snapshot, `${at}: parts.${record.part}`);
    if (!applied.ok) return applied;
  }
  const torn = parsed.value.torn;
  if (torn)
    notes.push(
      `journal ${journalPath}: its last line (${torn.line}, at byte ${torn.offset}) was cut short by a crash and was ignored (that change had not been acknowledged)`,
    );
  return ok({ records: parsed.value.records.length, notes });
}
