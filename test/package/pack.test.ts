import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'sentera-pack-'));
const project = join(work, 'consumer');

// Packs the package as published (prepack builds dist/), installs the tarball into a fresh project from the local npm
// cache only (--offline: `npm ci` has filled it, and tests never reach the network), then uses it from there.
describe('the published package', () => {
  beforeAll(() => {
    execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: root, stdio: 'pipe' });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack made no tarball');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tarball)], { cwd: project, stdio: 'pipe' });
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('works as a library: startMockServer answers the documented example', () => {
    writeFileSync(
      join(project, 'use.mjs'),
      `import { startMockServer, createManualClock, parseSenteraId } from 'sentera-mock';
const server = await startMockServer({ seed: 'pack', clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }) });
const query = 'mutation { create_webhook_subscription(organization_sentera_id: "6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024", callback_url: "https://example.com/webhooks", event_types: [FEATURE_SET_CREATED]) { sentera_id } }';
const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
const { data } = await response.json();
console.log(JSON.stringify(parseSenteraId(data.create_webhook_subscription.sentera_id)));
await server.close();
`,
    );
    const output = execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(output)).toMatchObject({ ok: true, value: { typeCode: 'WS', token: 'w3njAcmeGrand', date: '220131', time: '132709' } });
  });

  it('ships type declarations', () => {
    expect(readdirSync(join(project, 'node_modules', 'sentera-mock', 'dist', 'src'))).toContain('index.d.ts');
  });

  it('works as a CLI: the sentera-mock binary serves and stops', async () => {
    const child = spawn(join(project, 'node_modules', '.bin', 'sentera-mock'), ['serve', '--port', '0'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      for (let tries = 0; tries < 100 && !stdout.includes('curl'); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
      const url = /(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(stdout)?.[1];
      expect(url, stderr).toBeDefined();
      const response = await fetch(`${url}?query=${encodeURIComponent('{ organizations(pagination: {page: 1, page_size: 1}) { total_count } }')}`);
      expect(await response.json()).toEqual({ data: { organizations: { total_count: 4 } } });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
