import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { attachStatePersistence } from '../../src/state/attach-state-persistence.js';
import { DOCUMENTED_MUTATION, DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { createTestMock } from '../support/test-mock.js';

const bin = fileURLToPath(new URL('../../bin/sentera-mock.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sentera-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `serve --state`, creates subscriptions as fast as it answers, and kills it with SIGKILL after `delay` ms. */
async function runAndKill(path: string, delay: number): Promise<number> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--seed', 'test', '--clock', '2022-01-31T13:27:09Z', '--state', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    // Up to 30 s: tsx compiles the sources at start, which takes over 10 s on a loaded 2-core machine.
    for (let tries = 0; tries < 1200 && !stdout.includes('curl'); tries++) await new Promise((resolve) => setTimeout(resolve, 25));
    const url = /(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(stdout)?.[1];
    if (!url) throw new Error(`serve did not start: ${stderr}`);
    let acknowledged = 0;
    let killed = false;
    setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, delay);
    const worker = async () => {
      while (!killed) {
        try {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: DOCUMENTED_MUTATION }) });
          if (response.ok && !(await response.text()).includes('errors')) acknowledged++;
        } catch {
          return;
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    await exited;
    return acknowledged;
  } finally {
    child.kill('SIGKILL');
  }
}

describe('a state file under kill -9', () => {
  it('is always readable and restorable, and never goes backwards', async () => {
    const path = join(dir, 'state.json');
    let previous = 0;
    let acknowledgedTotal = 0;
    // Fixed, varied kill delays: bounded and reproducible.
    for (const delay of [40, 150, 75, 220, 110, 180]) {
      acknowledgedTotal += await runAndKill(path, delay);
      const document = JSON.parse(readFileSync(path, 'utf8')) as unknown;
      const mock = createTestMock();
      expect(mock.state.restore(document)).toEqual({ ok: true, value: undefined });
      const count = mock.store.allWebhookSubscriptions().filter((subscription) => subscription.organization_sentera_id === DOCUMENTED_ORGANIZATION).length;
      expect(count).toBeGreaterThanOrEqual(previous);
      // Writes are coalesced after the response, so the last few acknowledged creates may be lost, never more than were made.
      expect(count).toBeLessThanOrEqual(acknowledgedTotal + 4);
      const persisted = attachStatePersistence({ mock: createTestMock(), path });
      expect(persisted.ok).toBe(true);
      if (persisted.ok) persisted.value.close();
      previous = count;
    }
    expect(previous).toBeGreaterThan(0);
  }, 300_000);
});
