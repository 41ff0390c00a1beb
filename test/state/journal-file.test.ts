import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createJournalFile } from '../../src/state/journal-file.js';
import { formatJournalLine, parseJournal } from '../../src/state/journal-record.js';

const dir = mkdtempSync(join(tmpdir(), 'sentera-journal-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createJournalFile', () => {
  it('replaces any previous journal with one holding only its header, readable by its owner only', () => {
    const path = join(dir, 'a.journal');
    writeFileSync(path, 'old content\n', { mode: 0o644 });
    const journal = createJournalFile(path, 'digest');
    expect(parseJournal(readFileSync(path, 'utf8'), path)).toEqual({
      ok: true,
      value: { header: { format: 'sentera-mock-journal', version: 1, base: 'digest' }, records: [] },
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(journal.size).toBe(statSync(path).size);
    journal.close();
  });

  it('appends lines in order and syncs them, also when closed while a sync is in flight', async () => {
    const path = join(dir, 'b.journal');
    const journal = createJournalFile(path, 'digest');
    const lines = [1, 2, 3].map((n) => formatJournalLine({ part: 'ids', snapshot: { n } }));
    journal.append(lines[0] as string);
    journal.append(`${lines[1]}${lines[2]}`);
    const synced = new Promise<Error | null>((resolve) => journal.sync(resolve));
    journal.close();
    expect(await synced).toBeNull();
    const parsed = parseJournal(readFileSync(path, 'utf8'), path);
    expect(parsed.ok && parsed.value.records.map(({ record }) => record)).toEqual([
      { part: 'ids', snapshot: { n: 1 } },
      { part: 'ids', snapshot: { n: 2 } },
      { part: 'ids', snapshot: { n: 3 } },
    ]);
    expect(journal.size).toBe(statSync(path).size);
  });
});
