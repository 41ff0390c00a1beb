import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What `npm run build` reads: a change to any of these makes a different dist/. */
const BUILD_INPUTS = [
  'src',
  'ui',
  'scripts',
  'fixtures',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

/**
 * Whether the checkout at `root` holds a build that building its sources now would give: dist/ has the compiled
 * sources, the pages and the fixture parse cache, every file of it is newer than every file `npm run build` reads,
 * and every compiled module has its source and every source its compiled module (a renamed file leaves no stale
 * output behind). After `npm ci` (whose `prepare` builds) in a fresh clone, as CI runs, it is fresh.
 */
export function checkoutBuildIsFresh(root: string): boolean {
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'fixture-parse-cache.json')) || !existsSync(join(dist, 'ui'))) return false;
  const outputs = filesUnder(dist);
  if (!outputs.some((file) => file.startsWith(join(dist, 'ui')))) return false;
  const compiled = outputs
    .filter((file) => file.startsWith(join(dist, 'src')) && file.endsWith('.js'))
    .map((file) => relative(join(dist, 'src'), file).replace(/\.js$/, '.ts'))
    .sort();
  const sources = filesUnder(join(root, 'src'))
    .map((file) => relative(join(root, 'src'), file))
    .sort();
  if (compiled.join('\n') !== sources.join('\n')) return false;
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const newestInput = Math.max(
    ...BUILD_INPUTS.flatMap((input) => filesUnder(join(root, input))).map((file) => statSync(file).mtimeMs),
  );
  return newestInput <= oldestOutput;
}

/** Every file under `path` (the path itself when it is a file; none when it does not exist). */
function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => filesUnder(join(path, entry.name)));
}
