import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUiAssets, UI_ASSET_NAMES } from '../../src/ui/load-ui-assets.js';
import { spawnCli } from '../support/cli.js';
import { checkoutBuildIsFresh } from '../support/fresh-build.js';
import { startTestServer } from '../support/test-mock.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'sentera-pack-'));
const project = join(work, 'consumer');
/** A copy of this checkout (its tracked and unignored files, with this checkout's node_modules): the build goes there. */
const checkout = join(work, 'checkout');
const installedBin = join(project, 'node_modules', '.bin', 'sentera-mock');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Copies the checkout as a clean clone would have it, with this checkout's build when it is fresh (as `npm ci`, whose
 * `prepare` builds, leaves a fresh clone). Returns whether it did: without one, packing the copy builds dist/ there,
 * never in this checkout.
 */
function copyCheckout(): boolean {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  for (const file of listed.split('\0')) {
    // A file deleted in the working tree is still listed as cached.
    if (file !== '' && existsSync(join(root, file))) cpSync(join(root, file), join(checkout, file));
  }
  symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'), 'dir');
  const fresh = checkoutBuildIsFresh(root);
  if (fresh) cpSync(join(root, 'dist'), join(checkout, 'dist'), { recursive: true });
  return fresh;
}

// Packs the package as published (dist/ built by prepare, or this checkout's fresh build) from a copy of the checkout,
// installs the tarball into a fresh project, then uses it from there. The install is `npm ci --offline`: the project's lock file pins sentera-mock's
// dependencies to this repository's locked versions, whose tarballs the repository's own `npm ci` has put in the npm
// cache; so no network is needed.
/** Imports every entry point and uses one thing of each. */
const ENTRIES_BODY = `
const mock = createMock({ seed: 'entries', delivery: false });
const health = await mock.fetch('http://localhost/_mock/health');
const output = { health: health.status, interceptSentera: typeof interceptSentera, runContract: typeof runContract, senteraMockMiddleware: typeof senteraMockMiddleware(mock) };
mock.close();
console.log(JSON.stringify(output));
`;
const ENTRIES_ESM = `import { createMock } from 'sentera-mock';
import { interceptSentera } from 'sentera-mock/testing';
import { runContract } from 'sentera-mock/contract';
import { senteraMockMiddleware } from 'sentera-mock/express';
${ENTRIES_BODY}`;
const ENTRIES_CJS = `const { createMock } = require('sentera-mock');
const { interceptSentera } = require('sentera-mock/testing');
const { runContract } = require('sentera-mock/contract');
const { senteraMockMiddleware } = require('sentera-mock/express');
(async () => {${ENTRIES_BODY}})();
`;
const ENTRIES_OUTPUT = {
  health: 200,
  interceptSentera: 'function',
  runContract: 'function',
  senteraMockMiddleware: 'function',
};

const CONSUMERS: Record<string, string> = {
  'index.ts': `import { createMock, startMockServer, textResponse, type FrontDoorRoute, type SenteraMock } from 'sentera-mock';
const routes = (mock: SenteraMock): FrontDoorRoute[] => [{ method: 'GET', path: '/', handle: () => textResponse(200, mock.seed) }];
const mock: SenteraMock = createMock({ seed: 'typed', http: { routes } });
export const served: Promise<{ url: string }> = startMockServer({ port: 0 });
export const answer: Promise<Response> = mock.fetch('http://localhost/');
`,
  'testing.ts': `import { interceptSentera, createWebhookInbox, type SenteraInterception } from 'sentera-mock/testing';
export const intercepted: Promise<SenteraInterception> = interceptSentera();
export const inbox = createWebhookInbox;
`,
  'contract.ts': `import { runContract, type RunContractOptions } from 'sentera-mock/contract';
const options: RunContractOptions = { endpoint: 'http://127.0.0.1:4000/graphql' };
export const run = runContract(options);
`,
  'express.ts': `import express from 'express';
import { createMock } from 'sentera-mock';
import { senteraMockMiddleware } from 'sentera-mock/express';
express().use('/sentera', senteraMockMiddleware(createMock()));
`,
};

/** Declaration files (the installed packages' and TypeScript's own libraries) parsed once for every type-check. */
const parsedDeclarations = new Map<string, ts.SourceFile>();

/**
 * Type-checks consumer files with this repository's TypeScript, in a strict NodeNext project with @types/node and, when
 * asked, @types/express (and express) from this repository. Returns the diagnostics ('' when it compiles) of the
 * consumer files and of sentera-mock's declarations (with `checkDeclarations`; other packages' declarations are
 * theirs to check), with the program-wide ones; and, from the module resolution trace, the names of the modules and
 * type references the program asked for.
 */
function typeCheck(
  directory: string,
  files: readonly string[],
  options: { withExpress: boolean; checkDeclarations: boolean },
): { diagnostics: string; requests: string[] } {
  const { withExpress, checkDeclarations } = options;
  for (const file of files) writeFileSync(join(directory, file), CONSUMERS[file] as string);
  const types = join(root, 'node_modules', '@types');
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      // No DOM library: a Node-only consumer, the strictest one (sentera-mock's declarations may use only what
      // @types/node declares, such as fetch's Request and Response).
      lib: ['ES2023'],
      skipLibCheck: !checkDeclarations,
      esModuleInterop: true,
      typeRoots: [types],
      types: ['node'],
      traceResolution: true,
      ...(withExpress ? { paths: { express: [join(types, 'express')] } } : {}),
    },
    files,
  };
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, directory);
  const trace: string[] = [];
  const host = ts.createCompilerHost(parsed.options);
  host.trace = (line) => trace.push(line);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, ...rest) => {
    if (!fileName.includes('/node_modules/')) return getSourceFile(fileName, languageVersionOrOptions, ...rest);
    const key = `${fileName}\0${JSON.stringify(languageVersionOrOptions)}`;
    const cached = parsedDeclarations.get(key) ?? getSourceFile(fileName, languageVersionOrOptions, ...rest);
    if (cached) parsedDeclarations.set(key, cached);
    return cached;
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  const checked = (file: ts.SourceFile) =>
    !file.fileName.includes('/node_modules/') || file.fileName.includes('/node_modules/sentera-mock/');
  const diagnostics = [
    ...parsed.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program
      .getSourceFiles()
      .filter(checked)
      .flatMap((file) => program.getSemanticDiagnostics(file)),
  ];
  return {
    diagnostics: ts.formatDiagnostics(diagnostics, host),
    requests: trace.flatMap(
      (line) => /^={8} Resolving (?:module|type reference directive) '([^']+)'/.exec(line)?.[1] ?? [],
    ),
  };
}

describe('the published package', () => {
  beforeAll(() => {
    // The build is the same either way (`npm run build` over the same files): the one `npm ci` made, or `prepare` now.
    const built = copyCheckout();
    execFileSync('npm', ['pack', '--pack-destination', work, '--silent', ...(built ? ['--ignore-scripts'] : [])], {
      cwd: checkout,
      stdio: 'pipe',
    });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack made no tarball');
    mkdirSync(project);
    writeConsumer(`file:../${tarball}`);
    execFileSync('npm', ['ci', '--offline', '--engine-strict', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: project,
      stdio: 'pipe',
    });
  }, 300_000);

  function writeConsumer(spec: string) {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const dependencies = { 'sentera-mock': spec };
    const packages: Record<string, unknown> = {
      '': { name: 'consumer', version: '1.0.0', dependencies },
      'node_modules/sentera-mock': {
        version: manifest['version'],
        resolved: spec,
        license: manifest['license'],
        dependencies: manifest['dependencies'],
        peerDependencies: manifest['peerDependencies'],
        peerDependenciesMeta: manifest['peerDependenciesMeta'],
        bin: manifest['bin'],
        engines: manifest['engines'],
      },
    };
    for (const [path, entry] of Object.entries(lock.packages))
      if (path.startsWith('node_modules/') && !entry.dev) packages[path] = entry;
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true, dependencies }),
    );
    writeFileSync(
      join(project, 'package-lock.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }),
    );
  }

  it('works as a library: startMockServer answers the documented example, and the contract kit passes on it', () => {
    writeFileSync(
      join(project, 'use.mjs'),
      `import { startMockServer, createManualClock, parseSenteraId, runContract } from 'sentera-mock';
const server = await startMockServer({ seed: 'pack', clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }) });
const query = 'mutation { create_webhook_subscription(organization_sentera_id: "6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024", callback_url: "https://example.com/webhooks", event_types: [FEATURE_SET_CREATED]) { sentera_id } }';
const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
const { data } = await response.json();
const contract = await runContract({ endpoint: server.url, only: ['responses'] });
console.log(JSON.stringify({ ...parseSenteraId(data.create_webhook_subscription.sentera_id), contractErrors: contract.ok ? contract.report.summary.error : -1 }));
await server.close();
`,
    );
    const output = execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(output)).toMatchObject({
      ok: true,
      value: { typeCode: 'WS', token: 'w3njAcmeGrand', date: '220131', time: '132709' },
      contractErrors: 0,
    });
  });

  it('ships sentera-mock/testing (verifyWebhook) and the delivery body JSON Schema', () => {
    writeFileSync(
      join(project, 'testing.mjs'),
      `import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { verifyWebhook } from 'sentera-mock/testing';
const headers = { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };
const verdict = verifyWebhook('{"test": 2432232314}', headers, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', { now: () => new Date(1614265330 * 1000) });
const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('sentera-mock/webhook-delivery-body.schema.json'), 'utf8'));
console.log(JSON.stringify({ ok: verdict.ok, title: schema.title }));
`,
    );
    const output = execFileSync(process.execPath, ['testing.mjs'], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ ok: true, title: 'sentera-mock webhook delivery body' });
  });

  it('ships type declarations, the fixture parse cache and the LICENSE', () => {
    expect(readdirSync(join(project, 'node_modules', 'sentera-mock', 'dist', 'src'))).toContain('index.d.ts');
    // The default world's parse, so serve starts without the YAML parser.
    expect(readdirSync(join(project, 'node_modules', 'sentera-mock', 'dist'))).toContain('fixture-parse-cache.json');
    expect(readFileSync(join(project, 'node_modules', 'sentera-mock', 'LICENSE'), 'utf8')).toContain('MIT License');
  });

  it.each([
    ['ESM', 'entries.mjs', ENTRIES_ESM],
    ['CommonJS', 'entries.cjs', ENTRIES_CJS],
  ])('serves every entry point to %s consumers', (_, file, source) => {
    writeFileSync(join(project, file), source);
    expect(JSON.parse(execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }))).toEqual(
      ENTRIES_OUTPUT,
    );
  });

  it('type-checks a strict TypeScript consumer of each entry point; the main entry needs no @types/express, none valibot', () => {
    // Every entry with express, sentera-mock's declarations checked too (a consumer without skipLibCheck sees their
    // errors); and the main entry alone without express, whose declarations must never ask for it (a request tsc
    // could not resolve would be hidden by skipLibCheck, hence the trace; the first run's trace shows the check sees
    // express where it is asked for). No entry's declarations ask for valibot's, which a consumer without skipLibCheck
    // would spend seconds checking. In-process: the compiler once, not two tsc processes.
    const every = typeCheck(project, Object.keys(CONSUMERS), { withExpress: true, checkDeclarations: true });
    const main = typeCheck(project, ['index.ts'], { withExpress: false, checkDeclarations: false });
    const express = (requests: string[]) => requests.filter((name) => /^(@types\/)?express/.test(name));
    expect(every.diagnostics).toBe('');
    expect(express(every.requests)).not.toEqual([]);
    expect(every.requests.filter((name) => /^valibot(\/|$)/.test(name))).toEqual([]);
    expect(main.diagnostics).toBe('');
    expect(main.requests).not.toEqual([]);
    expect(express(main.requests)).toEqual([]);
  }, 240_000);

  it('works as a CLI: the sentera-mock binary serves the API and, byte for byte, the pages the sources build', async () => {
    const cli = spawnCli(['serve', '--port', '0'], { command: [installedBin], cwd: project });
    try {
      const url = await cli.endpoint();
      const response = await fetch(
        `${url}?query=${encodeURIComponent('{ organizations(pagination: {page: 1, page_size: 1}) { total_count } }')}`,
      );
      expect(await response.json()).toEqual({ data: { organizations: { total_count: 4 } } });
      const origin = new URL(url).origin;
      expect(cli.stdout()).toContain(`Console (subscriptions, deliveries, inbox, live): ${origin}/`);
      // The pages come prebuilt in the tarball (dist/ui), not from a bundler, and are what the sources bundle to and
      // render, so what test/ui/pages-in-browser.test.ts shows in Chromium is what an installed package serves.
      expect(readdirSync(join(project, 'node_modules', 'sentera-mock', 'dist', 'ui')).sort()).toEqual(
        UI_ASSET_NAMES.flatMap((name) => [name, `${name}.gz`]).sort(),
      );
      const built = await loadUiAssets({ root, fromSource: true });
      for (const name of UI_ASSET_NAMES) {
        // Both files of each asset: the .gz a browser is sent (fetch decodes it) and the plain one.
        for (const encoding of ['gzip', 'identity']) {
          const asset = await fetch(`${origin}/_ui/${name}`, { headers: { 'accept-encoding': encoding } });
          expect(asset.status, name).toBe(200);
          const body = Buffer.from(await asset.arrayBuffer());
          expect(body.equals(Buffer.from(built.get(name)?.body ?? [])), `${name} (${encoding})`).toBe(true);
        }
      }
      const source = await startTestServer();
      for (const path of ['/', '/graphql']) {
        const page = async (at: string) =>
          (await (await fetch(`${at}${path}`, { headers: { accept: 'text/html' } })).text()).replaceAll(at, '<origin>');
        expect(await page(origin), path).toBe(await page(source.origin));
      }
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });
});

// A dependency on a checkout (`npm install ../sentera-mock`): npm links the directory, whose `prepare` script has
// built dist/ (in the copy of the checkout: the pack above ran it, or the copy has this checkout's fresh build).
describe('a checkout as a dependency', () => {
  const linked = join(work, 'linked');
  beforeAll(() => {
    mkdirSync(linked, { recursive: true });
    writeFileSync(join(linked, 'package.json'), JSON.stringify({ name: 'linked', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', checkout], {
      cwd: linked,
      stdio: 'pipe',
    });
  }, 300_000);

  it.each([
    ['ESM', 'entries.mjs', ENTRIES_ESM],
    ['CommonJS', 'entries.cjs', ENTRIES_CJS],
  ])('serves every entry point to %s consumers', (_, file, source) => {
    writeFileSync(join(linked, file), source);
    expect(JSON.parse(execFileSync(process.execPath, [file], { cwd: linked, encoding: 'utf8' }))).toEqual(
      ENTRIES_OUTPUT,
    );
  });
});
