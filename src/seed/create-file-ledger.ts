/**
 * create-file-ledger
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { ConfigurationError } from '../errors.js';
import { writeStateFileSync } from '../state/state-file.js';
import type { SeedLedger } from './run-seed.js';

const FORMAT = 'sentera-mock-seed-ledger';

const ledgerEntry = v.object({ endpoint: v.string(), key: v.string(), sentera_id: v.string() });
type LedgerEntry = v.InferOutput<typeof ledgerEntry>;
const ledger = v.object({ format: v.literal(FORMAT), entries: v.array(ledgerEntry) });

/**
 * A seed ledger kept in a JSON file (written atomically). A missing file is an empty ledger; a foreign or corrupt one
 * is refused.
 *
 * @throws ConfigurationError when the file exists but is not a ledger.
 * @category Seeding
 */
export function createFileLedger(path: string): SeedLedger {
  let entries: LedgerEntry[] = [];
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ConfigurationError(`cannot read seed ledger ${path}: ${(error as Error).message}`);
  }
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new ConfigurationError(`seed ledger ${path} is not valid JSON; move it away or pass another --ledger`);
    }
    const read = v.safeParse(ledger, parsed);
    if (!read.success) throw new ConfigurationError(`${path} is not a sentera-mock seed ledger; pass another --ledger`);
    entries = read.output.entries;
  }
  return {
    find: (endpoint, key) => entries.find((entry) => entry.endpoint === endpoint && entry.key === key)?.sentera_id,
    record(endpoint, key, sentera_id) {
      entries.push({ endpoint, key, sentera_id });
      writeStateFileSync(path, { format: FORMAT, version: 1, entries });
    },
  };
}
