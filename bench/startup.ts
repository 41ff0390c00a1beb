/**
 * Benchmark: start-up as a user of the published package feels it. The package is built into a temporary directory
 * laid out as an install (`node_modules/sentera-mock` holding only the package's `files`, its dependencies beside
 * it), never into the checkout. Measured from there, each in a fresh process, against baselines started in the same
 * run:
 * - `serve` until it prints its URL (and its RSS then), against a minimal graphql-http server over schema.graphql;
 * - `--help` and `--version` until they exit, against `node -e` that parses its argv and prints a line;
 * - `import('sentera-mock')` and the first `createMock()` with the default world, timed inside the process.
 *
 * Every case runs once per round, in an order that rotates from round to round so background load falls on all of
 * them alike; medians over rounds. Wall times on a shared machine move with other load: read the ratios.
 *
 *   npm run bench:startup    (BENCH_ROUNDS to change the number of rounds, default 15)
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixed, rssOf } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const URL_LINE = /(http:\/\/127\.0\.0\.1:\d+\/graphql)/;

/**
 * Builds the package into `<dir>/node_modules/sentera-mock` (its `files` only) with copies of its production
 * dependencies beside it, as `npm install sentera-mock` lays them out (copies, not links: resolving links costs
 * start-up time that an install does not have).
 */
function install(dir: string): string {
  const modules = join(dir, 'node_modules');
  const pkg = join(modules, 'sentera-mock');
  mkdirSync(pkg, { recursive: true });
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(root, 'tsconfig.build.json'),
      '--outDir',
      join(pkg, 'dist'),
    ],
    { stdio: 'inherit' },
  );
  for (const entry of [
    'bin',
    'schema.graphql',
    'fixtures',
    'scenarios',
    'contracts',
    'README.md',
    'ARCHITECTURE.md',
    'package.json',
  ])
    cpSync(join(root, entry), join(pkg, entry), { recursive: true });
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-fixture-parse-cache.ts'), pkg], {
    stdio: 'inherit',
  });
  // npm ls exits 1 over problems such as extraneous packages, and still lists the tree: take the list either way.
  const tree = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  }).stdout;
  for (const path of tree.split('\n')) {
    const local = relative(root, path);
    // Top-level packages only: a copy brings its nested node_modules along.
    if (/^node_modules\/(@[^/]+\/)?[^/]+$/.test(local)) cpSync(path, join(dir, local), { recursive: true });
  }
  return pkg;
}

/** The minimal server a user could write instead: graphql-http over graphql-js and schema.graphql, nothing else. */
const BASELINE_SERVER = `
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { buildSchema } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
const schema = buildSchema(readFileSync(new URL('./node_modules/sentera-mock/schema.graphql', import.meta.url), 'utf8'));
const handler = createHandler({ schema });
const server = createServer((request, response) => void handler(request, response));
server.listen(0, '127.0.0.1', () => console.log('listening http://127.0.0.1:' + server.address().port + '/graphql'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** Imports the package and creates the default mock, timing each inside the process. */
const IMPORT_AND_CREATE = `
const began = performance.now();
const { createMock } = await import('sentera-mock');
const imported = performance.now();
const mock = createMock();
const created = performance.now();
mock.close();
console.log(JSON.stringify({ importMs: imported - began, createMockMs: created - imported }));
`;

/** A process that parses its argv and prints a line: the least a CLI's --help can cost. */
const NODE_PARSE = `require('node:util').parseArgs({ args: process.argv.slice(1), options: { help: { type: 'boolean' } }, strict: false }); process.stdout.write('usage\\n');`;

interface Timing {
  /** Wall time from spawn to the event (URL printed, or exit), ms. */
  ms: number;
  /** RSS at that moment, MB (servers only). */
  rss?: number;
  /** Exit code (commands only). */
  code?: number | null;
  /** What the process printed on stdout. */
  stdout: string;
}

async function timeServer(args: readonly string[], cwd: string): Promise<Timing> {
  const began = performance.now();
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start in 30 s: ${stdout}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (URL_LINE.test(stdout)) {
          clearTimeout(timer);
          resolve(performance.now() - began);
        }
      });
      child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${stdout}`)));
    });
    return { ms, rss: rssOf(child.pid as number), stdout };
  } finally {
    child.removeAllListeners('exit');
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }
    });
  }
}

async function timeCommand(args: readonly string[], cwd: string): Promise<Timing> {
  const began = performance.now();
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.resume();
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { ms: performance.now() - began, code, stdout };
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sentera-mock-startup-'));
  const stop = () => rmSync(dir, { recursive: true, force: true });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  }
  try {
    console.log(`building the package into ${dir} ...`);
    const pkg = install(dir);
    const bin = join(pkg, 'bin', 'sentera-mock.js');
    writeFileSync(join(dir, 'baseline-server.mjs'), BASELINE_SERVER);
    writeFileSync(join(dir, 'import-and-create.mjs'), IMPORT_AND_CREATE);

    const cases: Record<string, () => Promise<Timing>> = {
      serve: () => timeServer([bin, 'serve', '--port', '0'], dir),
      'baseline server': () => timeServer([join(dir, 'baseline-server.mjs')], dir),
      '--help': () => timeCommand([bin, '--help'], dir),
      '--version': () => timeCommand([bin, '--version'], dir),
      'node -e parse': () => timeCommand(['-e', NODE_PARSE, '--', '--help'], dir),
      'import + createMock': () => timeCommand([join(dir, 'import-and-create.mjs')], dir),
    };
    const names = Object.keys(cases);
    const runs = new Map<string, Timing[]>(names.map((name) => [name, []]));
    // One round first that is not counted: it fills the OS file cache for every case alike.
    for (let round = -1; round < ROUNDS; round++) {
      for (let index = 0; index < names.length; index++) {
        const name = names[(index + Math.max(round, 0)) % names.length] as string;
        const timing = await (cases[name] as () => Promise<Timing>)();
        if (round >= 0) runs.get(name)?.push(timing);
      }
    }

    const ms = (name: string) => median((runs.get(name) ?? []).map((run) => run.ms));
    const rss = (name: string) => median((runs.get(name) ?? []).map((run) => run.rss ?? Number.NaN));
    const inside = (runs.get('import + createMock') ?? []).map(
      (run) => JSON.parse(run.stdout) as { importMs: number; createMockMs: number },
    );
    const versionWorks = (runs.get('--version') ?? []).every((run) => run.code === 0);

    console.log(
      `\nstart-up from the built package, ${ROUNDS} rounds, case order rotating; medians of wall time (ms)\n`,
    );
    console.log(`  ${'case'.padEnd(22)} ${'ms'.padStart(7)}   compared with`);
    console.log(
      `  ${'serve (URL printed)'.padEnd(22)} ${fixed(ms('serve'), 0).padStart(7)}   ${fixed(ms('serve') / ms('baseline server'))}x the minimal graphql-http server (goal <= 1.5x); RSS ${fixed(rss('serve'), 0)} MB, ${fixed(rss('serve') / rss('baseline server'))}x (goal <= 1.3x)`,
    );
    console.log(
      `  ${'baseline server'.padEnd(22)} ${fixed(ms('baseline server'), 0).padStart(7)}   RSS ${fixed(rss('baseline server'), 0)} MB`,
    );
    console.log(
      `  ${'--help'.padEnd(22)} ${fixed(ms('--help'), 0).padStart(7)}   ${fixed(ms('--help') / ms('node -e parse'))}x node -e + parse (goal <= 1.2x)`,
    );
    console.log(
      `  ${'--version'.padEnd(22)} ${fixed(ms('--version'), 0).padStart(7)}   ${versionWorks ? `${fixed(ms('--version') / ms('node -e parse'))}x node -e + parse (goal <= 1.2x)` : 'not supported by this build (exit code not 0): timing of the usage error'}`,
    );
    console.log(`  ${'node -e + parse'.padEnd(22)} ${fixed(ms('node -e parse'), 0).padStart(7)}`);
    console.log(
      `  ${'import + createMock'.padEnd(22)} ${fixed(ms('import + createMock'), 0).padStart(7)}   whole process, ${fixed(ms('import + createMock') / ms('baseline server'))}x the minimal server's start`,
    );
    console.log(
      `    import('sentera-mock') ${fixed(median(inside.map((run) => run.importMs)), 0)} ms, then createMock() ${fixed(median(inside.map((run) => run.createMockMs)), 0)} ms (goal < 50 ms), inside the process\n`,
    );
  } finally {
    stop();
  }
}

await main();
