// Writes the parse of the shipped fixture files to dist/fixture-parse-cache.json, so the default world loads without
// the YAML parser: part of `npm run build`. An argument writes it under another package directory instead.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FIXTURE_PARSE_CACHE_FILE, fixtureParseCacheEntries } from '../src/fixtures/fixture-parse-cache.js';
import { parseFixtureFile } from '../src/fixtures/load-fixtures.js';

const root = join(import.meta.dirname, '..');
const out = join(process.argv[2] ?? root, FIXTURE_PARSE_CACHE_FILE);
const files = readdirSync(join(root, 'fixtures'))
  .filter((name) => /\.ya?ml$/i.test(name))
  .sort()
  .map((name) => {
    const text = readFileSync(join(root, 'fixtures', name), 'utf8');
    return { text, value: parseFixtureFile(text, join('fixtures', name)) };
  });
const entries = fixtureParseCacheEntries(files);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(entries)}\n`);
process.stdout.write(
  `${FIXTURE_PARSE_CACHE_FILE}  ${Object.keys(entries).length} of ${files.length} fixture files (${(JSON.stringify(entries).length / 1024).toFixed(1)} KiB)\n`,
);
