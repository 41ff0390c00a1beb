/**
 * journal-record
 *
 * The lines of a state journal: a header naming the snapshot the journal continues, then one JSON record per line.
 */
import * as v from 'valibot';
import { ErrorCode, fail, ok, type Result } from '../errors.js';

/** The `format` of a journal's header line. */
export const JOURNAL_FORMAT = 'sentera-mock-journal';
/** The journal layout this code writes and reads. */
export const JOURNAL_VERSION = 1;

/**
 * The first line of a journal.
 */
interface JournalHeader {
  readonly format: typeof JOURNAL_FORMAT;
  readonly version: typeof JOURNAL_VERSION;
  /** The SHA-256 (hex) of the snapshot file the records apply to; another snapshot means the journal is stale. */
  readonly base: string;
}

/**
 * One change of one state part: its whole new snapshot, or a change its `parseChange` reads back.
 */
type JournalRecord =
  | { readonly part: string; readonly snapshot: unknown }
  | { readonly part: string; readonly change: unknown };

/** A record and the line it was read from (1-based, the header being line 1). */
interface ReadRecord {
  readonly record: JournalRecord;
  readonly line: number;
}

/** A journal's text, parsed. */
interface ParsedJournal {
  readonly header: JournalHeader;
  readonly records: readonly ReadRecord[];
  /** The last line, when it was cut short (a write the process did not finish; never acknowledged). */
  readonly torn?: { readonly line: number; readonly offset: number };
}

/** One line of a journal, with its newline. */
export function formatJournalLine(value: JournalHeader | JournalRecord): string {
  return `${JSON.stringify(value)}\n`;
}

/**
 * Parses a journal's text. A last line without its newline or that is not a record was cut short by a crash: it is
 * left out and reported as `torn` (its change was never acknowledged). Any other bad line is corruption: an error
 * naming the file, the line and its byte offset.
 */
export function parseJournal(text: string, path: string): Result<ParsedJournal> {
  const lines = text.split('\n');
  const complete = lines.at(-1) === '';
  if (complete) lines.pop();
  const corrupt = (line: number, offset: number, why: string) =>
    fail<ParsedJournal>(
      ErrorCode.BAD_USER_INPUT,
      `journal ${path} is corrupt at line ${line} (byte offset ${offset}): ${why}; the changes from there on cannot be replayed. Move the journal away to start from the snapshot alone (losing the changes it holds), or put back a good copy`,
    );
  const first = lines[0];
  const header = first === undefined ? undefined : parseHeader(first);
  if (!header) return corrupt(1, 0, `not a ${JOURNAL_FORMAT} header of version ${JOURNAL_VERSION}`);
  const records: ReadRecord[] = [];
  let offset = Buffer.byteLength(first as string) + 1;
  for (let index = 1; index < lines.length; index++) {
    const text = lines[index] as string;
    const last = index === lines.length - 1;
    const record = last && !complete ? undefined : parseRecord(text);
    if (record) records.push({ record, line: index + 1 });
    else if (last) return ok({ header, records, torn: { line: index + 1, offset } });
    else return corrupt(index + 1, offset, 'not a journal record ({"part", "snapshot" or "change"})');
    offset += Buffer.byteLength(text) + 1;
  }
  return ok({ header, records });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const header = v.object({ format: v.literal(JOURNAL_FORMAT), version: v.literal(JOURNAL_VERSION), base: v.string() });
const record = v.union([
  // Changes first: most lines are changes.
  v.strictObject({ part: v.string(), change: v.unknown() }),
  v.strictObject({ part: v.string(), snapshot: v.unknown() }),
]);

function parseHeader(text: string): JournalHeader | undefined {
  const parsed = v.safeParse(header, parseJson(text));
  return parsed.success ? parsed.output : undefined;
}

function parseRecord(text: string): JournalRecord | undefined {
  const parsed = v.safeParse(record, parseJson(text));
  return parsed.success ? parsed.output : undefined;
}
