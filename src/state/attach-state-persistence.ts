/**
 * attach-state-persistence
 */
import { dirname, resolve } from 'node:path';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { StateChange, StateRegistry } from './create-state-registry.js';
import { createJournalFile, type JournalFile } from './journal-file.js';
import { formatJournalLine } from './journal-record.js';
import { restoreSavedState } from './restore-saved-state.js';
import { lockStateFile, removeStaleTemporaries, resolveStatePath, writeStateFileSync } from './state-file.js';

/** The journal's size beyond which its changes are folded into the snapshot. */
const DEFAULT_COMPACT_AFTER_BYTES = 8 * 1024 * 1024;

/**
 * A mock's state kept in a file.
 *
 * @category State
 */
export interface StatePersistence {
  /** The snapshot file written (a symbolic link given as the path is resolved to its target). */
  readonly path: string;
  /** The journal of changes since the snapshot: `<path>.journal`. */
  readonly journalPath: string;
  /** Whether a saved state was restored at start. */
  readonly restored: boolean;
  /** What start-up found and worked around (a torn last journal record, a stale journal), one sentence each. */
  readonly notes: readonly string[];
  /** Makes pending changes durable now. */
  flush(): void;
  /** Folds the journal into the snapshot, stops watching the state and releases the lock. */
  close(): void;
}

/** Options of {@link attachStatePersistence}. */
export interface StatePersistenceOptions {
  /** The state to restore and save: a mock's `mock.state`. */
  state: StateRegistry;
  /** The snapshot file; created at start when it does not exist. */
  path: string;
  /**
   * The journal's size (bytes) beyond which the next changes are written as a new snapshot instead, which empties the
   * journal. @default 8 MiB
   */
  compactAfterBytes?: number;
}

/**
 * Restores a mock from its state file and journal (when there are any) and saves every later change before the
 * change is acknowledged: transports await `state.durable()`.
 *
 * Changes are appended to the journal, `<path>.journal` (one JSON line each: a part's change, or its whole snapshot),
 * and flushed to disk with one fsync for all the changes made meanwhile (group commit). When the journal passes
 * `compactAfterBytes`, on a reset or an import, at start and on close, the whole state is written to the snapshot
 * file (atomically: temporary file, fsync, rename) and a new journal started. A process killed at any moment leaves
 * a snapshot and a journal that together hold every acknowledged change: a last journal line cut short is ignored
 * (with a note), a journal older than the snapshot (a kill between the two writes of a compaction) is ignored, a
 * corrupt line anywhere else is refused with its line and byte offset.
 *
 * The files are locked for this process (a second server on them is refused), written through a symbolic link to
 * its target, and created 0600. A snapshot that is corrupt, foreign, of another version or of another seed is
 * refused (and left untouched) with a message saying why.
 *
 * @category State
 */
export function attachStatePersistence(options: StatePersistenceOptions): Result<StatePersistence> {
  const { state, path: given, compactAfterBytes = DEFAULT_COMPACT_AFTER_BYTES } = options;
  const resolved = resolveStatePath(given);
  if (!resolved.ok) return resolved;
  const path = resolved.value;
  const journalPath = `${path}.journal`;
  const lock = lockStateFile(path);
  if (!lock.ok) return lock;
  const refuse = (message: string) => {
    lock.value();
    return fail<StatePersistence>(ErrorCode.BAD_USER_INPUT, `${message}; refusing to start rather than overwrite it`);
  };
  const saved = restoreSavedState({ state, path, name: given });
  if (!saved.ok) return refuse(saved.problem.message);
  const { restored, notes } = saved.value;

  let current: JournalFile | undefined;
  const journal = () => current as JournalFile;
  const compact = () => {
    const base = writeStateFileSync(path, state.snapshot());
    const previous = current;
    current = createJournalFile(journalPath, base);
    previous?.close();
  };
  try {
    removeStaleTemporaries(path);
    removeStaleTemporaries(journalPath);
    compact();
  } catch (error) {
    lock.value();
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === 'ENOENT'
        ? `its directory ${dirname(resolve(path))} does not exist; create it first`
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (error as Error).message;
    return fail(ErrorCode.BAD_USER_INPUT, `cannot write the state file ${path}: ${hint}`);
  }

  // Changes are counted; a batch makes the changes counted when it started durable.
  let changes = 0;
  let durableUpTo = 0;
  let lines: string[] = [];
  let dirtyParts = new Set<string>();
  let everything = false;
  let scheduled: NodeJS.Immediate | undefined;
  let syncing = false;
  let closed = false;
  let waiters: Array<{ upTo: number; resolve: () => void; reject: (error: unknown) => void }> = [];

  const settle = (upTo: number, error?: unknown) => {
    if (error === undefined) durableUpTo = Math.max(durableUpTo, upTo);
    const still: typeof waiters = [];
    for (const waiter of waiters) {
      if (waiter.upTo > upTo) still.push(waiter);
      else if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
    waiters = still;
  };
  const schedule = () => {
    if (!scheduled && !syncing && !closed && changes > durableUpTo) scheduled = setImmediate(writeBatch);
  };
  /** The batch's text; clears what is pending. */
  const takeBatch = () => {
    const text = [
      ...lines,
      ...[...dirtyParts].map((part) => formatJournalLine({ part, snapshot: state.snapshotPart(part) })),
    ].join('');
    lines = [];
    dirtyParts = new Set();
    return text;
  };
  const failed = (upTo: number, error: unknown) => {
    // What the journal lacks now is unknown: the next batch writes the whole state.
    everything = true;
    settle(upTo, error);
  };
  /** Writes the whole state as the new snapshot, which holds everything pending. */
  const compactPending = () => {
    compact();
    everything = false;
    lines = [];
    dirtyParts = new Set();
  };
  function writeBatch() {
    scheduled = undefined;
    const upTo = changes;
    try {
      const text = everything ? '' : takeBatch();
      if (everything || journal().size + text.length > compactAfterBytes) {
        compactPending();
        settle(upTo);
        schedule();
        return;
      }
      journal().append(text);
    } catch (error) {
      failed(upTo, error);
      return;
    }
    syncing = true;
    journal().sync((error) => {
      syncing = false;
      if (error) failed(upTo, error);
      else settle(upTo);
      schedule();
    });
  }
  /** Writes and syncs what is pending before returning: the whole state when `whole`. */
  const writeNow = (whole: boolean) => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    const upTo = changes;
    try {
      if (whole || everything) compactPending();
      else {
        journal().append(takeBatch());
        journal().syncNow();
      }
    } catch (error) {
      failed(upTo, error);
      throw error;
    }
    settle(upTo);
  };

  const stop = state.onChange((change: StateChange | undefined) => {
    changes++;
    if (change === undefined) everything = true;
    else if ('change' in change) lines.push(formatJournalLine({ part: change.part, change: change.change }));
    else dirtyParts.add(change.part);
    schedule();
  });
  const stopDurability = state.setDurability(() => {
    if (changes === durableUpTo) return undefined;
    const upTo = changes;
    schedule();
    return new Promise<void>((resolve, reject) => waiters.push({ upTo, resolve, reject }));
  });
  return ok({
    path,
    journalPath,
    restored,
    notes,
    flush: () => {
      if (changes > durableUpTo) writeNow(false);
    },
    close() {
      if (closed) return;
      closed = true;
      stop();
      stopDurability();
      try {
        writeNow(true);
      } catch {
        // The snapshot could not be written: keep the pending changes in the journal, if it can still be written.
        try {
          everything = false;
          writeNow(false);
        } catch {
          // Their waiters have been told.
        }
      } finally {
        journal().close();
        lock.value();
      }
    },
  });
}
