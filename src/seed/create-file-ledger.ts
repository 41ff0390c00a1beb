/**
 * create-file-ledger
 */
import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../errors.js';
import { writeStateFileSync } from '../state/state-file.js';
import type { SeedLedger } from './run-seed.js';

const FORMAT = 'sentera-mock-seed-ledger';

interface LedgerEntry {
  endpoint: string;
  key: string;
  sentera_id: string;
}

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
    let parsed: { format?: unknown; entries?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new ConfigurationError(`seed ledger ${path} is not valid JSON; move it away or pass another --ledger`);
    }
    if (parsed.format !== FORMAT || !Array.isArray(parsed.entries))
      throw new ConfigurationError(`${path} is not a sentera-mock seed ledger; pass another --ledger`);
    entries = parsed.entries as LedgerEntry[];
  }
  return {
    find: (endpoint, key) => entries.find((entry) => entry.endpoint === endpoint && entry.key === key)?.sentera_id,
    record(endpoint, key, sentera_id) {
      entries.push({ endpoint, key, sentera_id });
      writeStateFileSync(path, { format: FORMAT, version: 1, entries });
    },
  };
}
