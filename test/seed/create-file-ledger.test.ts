import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { createFileLedger } from '../../src/seed/create-file-ledger.js';

const work = mkdtempSync(join(tmpdir(), 'sentera-ledger-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let files = 0;
const fileWith = (text: string) => {
  const path = join(work, `ledger-${files++}.json`);
  writeFileSync(path, text);
  return path;
};

describe('createFileLedger', () => {
  it('finds what an earlier ledger on the same file recorded', () => {
    const path = join(work, 'kept.json');
    createFileLedger(path).record('http://a/graphql', 'k', 'id-1');
    expect(createFileLedger(path).find('http://a/graphql', 'k')).toBe('id-1');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ format: 'sentera-mock-seed-ledger', version: 1 });
  });

  it.each([
    ['not JSON', '{', /is not valid JSON; move it away or pass another --ledger$/],
    ['another format', '{"format":"other","entries":[]}', /is not a sentera-mock seed ledger; pass another --ledger$/],
    [
      'entries that are not a list',
      '{"format":"sentera-mock-seed-ledger","entries":{}}',
      /is not a sentera-mock seed ledger/,
    ],
    [
      'an entry without its id',
      '{"format":"sentera-mock-seed-ledger","entries":[{"endpoint":"e","key":"k"}]}',
      /is not a sentera-mock seed ledger/,
    ],
  ])('refuses a file that is %s', (_, text, message) => {
    const path = fileWith(text);
    expect(() => createFileLedger(path)).toThrow(ConfigurationError);
    expect(() => createFileLedger(path)).toThrow(message);
  });
});
