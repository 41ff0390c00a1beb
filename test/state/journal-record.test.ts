import { describe, expect, it } from 'vitest';
import { formatJournalLine, parseJournal } from '../../src/state/journal-record.js';

const header = formatJournalLine({ format: 'sentera-mock-journal', version: 1, base: 'abc' });
const first = formatJournalLine({ part: 'store', change: { deleted: ['x'] } });
const second = formatJournalLine({ part: 'ids', snapshot: { 'OR/WS': 3 } });

describe('parseJournal', () => {
  it('reads the header and the records with their line numbers', () => {
    const parsed = parseJournal(header + first + second, 'state.json.journal');
    expect(parsed).toEqual({
      ok: true,
      value: {
        header: { format: 'sentera-mock-journal', version: 1, base: 'abc' },
        records: [
          { record: { part: 'store', change: { deleted: ['x'] } }, line: 2 },
          { record: { part: 'ids', snapshot: { 'OR/WS': 3 } }, line: 3 },
        ],
      },
    });
  });

  it.each([
    ['half a record', second.slice(0, 10)],
    ['a whole record without its newline', second.slice(0, -1)],
    ['zeros where the record should be', '\0\0\0\0\n'],
  ])('leaves out a last line cut short by a crash (%s) and says where it was', (_, tail) => {
    const parsed = parseJournal(header + first + tail, 'state.json.journal');
    expect(parsed.ok && parsed.value.records.map(({ line }) => line)).toEqual([2]);
    expect(parsed.ok && parsed.value.torn).toEqual({ line: 3, offset: Buffer.byteLength(header + first) });
  });

  it.each([
    ['not JSON', 'garbage\n'],
    ['JSON but no record', '{"part": "store"}\n'],
    ['a record with a stray field', '{"part": "store", "change": {}, "extra": 1}\n'],
  ])('refuses a bad record before the last one (%s), naming the file, line and byte offset', (_, bad) => {
    const parsed = parseJournal(header + first + bad + second, '/tmp/s.json.journal');
    expect(!parsed.ok && parsed.problem.message).toContain(
      `journal /tmp/s.json.journal is corrupt at line 3 (byte offset ${Buffer.byteLength(header + first)})`,
    );
  });

  it('refuses a file whose first line is not a journal header', () => {
    const parsed = parseJournal('{"format": "sentera-mock-state"}\n' + first, 'x.journal');
    expect(!parsed.ok && parsed.problem.message).toContain(
      'corrupt at line 1 (byte offset 0): not a sentera-mock-journal header',
    );
  });
});
