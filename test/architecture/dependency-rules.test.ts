import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/runtime/package-root.js';

const root = packageRoot();
const configPath = join(root, '.dependency-cruiser.cjs');
const { MAY_IMPORT } = createRequire(import.meta.url)(configPath) as { MAY_IMPORT: Record<string, string[]> };

/** ARCHITECTURE.md's module map: module name (`errors` for src/errors.ts) → its "may import" cell, split. */
function architectureTable(): Record<string, string[]> {
  const table: Record<string, string[]> = {};
  for (const line of readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8').split('\n')) {
    const row = /^\| `src\/([a-z-]+)(?:\/|\.ts)` \| .* \| ([^|]+) \| [^|]+ \|$/.exec(line);
    if (!row) continue;
    const cell = (row[2] as string).trim();
    table[row[1] as string] = cell === '—' ? [] : cell.split(', ');
  }
  return table;
}

describe('the module map', () => {
  it('ARCHITECTURE.md lists, row by row and in order, what the import rules of .dependency-cruiser.cjs check', () => {
    expect(Object.entries(architectureTable())).toEqual(Object.entries(MAY_IMPORT));
  });

  it('lists every module of src/ once, each importing only modules in rows above it', () => {
    const order = Object.keys(MAY_IMPORT);
    for (const [name, entries] of Object.entries(MAY_IMPORT)) {
      for (const entry of entries)
        expect(order.indexOf(entry.replace(/ \(types\)$/, '')), `${name} → ${entry}`).toBeLessThan(order.indexOf(name));
    }
  });
});

/** A small src/ tree: each fault is one file doing one forbidden thing; the clean files do allowed things. */
const TREE: Record<string, string> = {
  'src/mock/thing.ts': 'export const thing = 1;\n',
  'src/delivery/value.ts': 'export const value = 1;\nexport interface Shape { a: number }\n',
  'src/store/leak.ts': "import { thing } from '../mock/thing.js';\nexport const leak = thing;\n",
  'src/log/value-import.ts': "import { value } from '../delivery/value.js';\nexport const copy = value;\n",
  'src/ids/a.ts': "import type { B } from './b.js';\nexport interface A { b?: B }\n",
  'src/ids/b.ts': "import type { A } from './a.js';\nexport interface B { a?: A }\n",
  'src/index.ts': "export { thing } from './mock/thing.js';\n",
  'src/mock/uses-index.ts': "import { thing } from '../index.js';\nexport const again = thing;\n",
  'src/http/uses-express.ts': "import type { Request } from 'express';\nexport type R = Request;\n",
  'src/express/express-value.ts': "import express from 'express';\nexport const app = express;\n",
  'src/store/uses-http.ts': "import { createServer } from 'node:http';\nexport const server = createServer;\n",
  'src/contract/uses-yaml.ts': "import { parse } from 'yaml';\nexport const read = parse;\n",
  'src/log/clean.ts': "import type { Shape } from '../delivery/value.js';\nexport const shape: Shape = { a: 1 };\n",
  'src/express/clean.ts': "import type { Request } from 'express';\nexport type R = Request;\n",
  'src/contract/clean.ts':
    "import { parse } from 'graphql';\nimport { readFileSync } from 'node:fs';\nexport const read = (path: string) => parse(readFileSync(path, 'utf8'));\n",
};

const FAULTS = [
  { fault: 'a module imports one its row does not list', from: 'src/store/leak.ts', rule: 'store-may-import' },
  { fault: 'a value import where the row says (types)', from: 'src/log/value-import.ts', rule: 'log-may-import' },
  { fault: 'two files import each other, with import type only', from: 'src/ids/a.ts', rule: 'no-circular' },
  { fault: 'a module of src/ imports src/index.ts', from: 'src/mock/uses-index.ts', rule: 'index-only-at-the-top' },
  {
    fault: 'express imported outside src/express/',
    from: 'src/http/uses-express.ts',
    rule: 'express-only-in-the-express-adapter',
  },
  {
    fault: 'express imported as a value in src/express/',
    from: 'src/express/express-value.ts',
    rule: 'express-only-in-the-express-adapter',
  },
  { fault: 'node:http imported in the core', from: 'src/store/uses-http.ts', rule: 'no-node-http-in-the-core' },
  {
    fault: 'the contract kit imports another package',
    from: 'src/contract/uses-yaml.ts',
    rule: 'contract-depends-only-on-fetch-and-the-schema',
  },
];

/** `npm run lint:deps` as package.json has it, with the repository's dependency-cruiser. */
function lintDepsArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...args] = (scripts['lint:deps'] as string).split(' ');
  expect(command).toBe('depcruise');
  return [
    join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
    ...args.map((arg) => (arg === '.dependency-cruiser.cjs' ? configPath : arg)),
  ];
}

describe('npm run lint:deps on a tree with one wrong import per rule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sentera-depcruise-'));
  let exitCode = 0;
  let output = '';
  /** The rules broken by a file, from the `error <rule>: <from> → <to>` lines the command prints. */
  const rulesBrokenBy = (from: string) =>
    [...output.matchAll(/^\s*error (\S+): (\S+) →/gm)].filter((line) => line[2] === from).map((line) => line[1]);

  beforeAll(async () => {
    for (const [path, text] of Object.entries(TREE)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'tree',
        type: 'module',
        dependencies: { graphql: '*', yaml: '*' },
        peerDependencies: { express: '*' },
      }),
    );
    writeFileSync(join(dir, 'tsconfig.json'), readFileSync(join(root, 'tsconfig.json')));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const result = await promisify(execFile)(process.execPath, lintDepsArgs(), { cwd: dir, maxBuffer: 1 << 24 }).then(
      (done) => ({ code: 0, stdout: done.stdout }),
      (error: unknown) => {
        const failed = error as { code: number; stdout: string };
        return { code: failed.code, stdout: failed.stdout };
      },
    );
    exitCode = result.code;
    output = result.stdout;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits non-zero', () => {
    expect(exitCode).not.toBe(0);
  });

  it.each(FAULTS)('$fault: fails with $rule', ({ from, rule }) => {
    expect(rulesBrokenBy(from)).toContain(rule);
  });

  it('reports nothing for the files that import what their rows allow', () => {
    expect(
      Object.keys(TREE)
        .filter((path) => path.endsWith('/clean.ts'))
        .flatMap(rulesBrokenBy),
    ).toEqual([]);
  });
});
