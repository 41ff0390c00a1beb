import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SenteraMock } from '../../src/mock/create-mock.js';
import { attachStatePersistence, type StatePersistence } from '../../src/state/attach-state-persistence.js';
import { DOCUMENTED_MUTATION, DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { savedIds, savedState } from '../support/saved-state.js';
import { createTestMock, startTestServer } from '../support/test-mock.js';

const dir = mkdtempSync(join(tmpdir(), 'sentera-state-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const stateFile = () => join(dir, `state-${files++}.json`);

function attach(mock: SenteraMock, path: string): StatePersistence {
  const persistence = attachStatePersistence({ state: mock.state, path });
  if (!persistence.ok) throw new Error(persistence.problem.message);
  return persistence.value;
}

async function create(mock: SenteraMock): Promise<string> {
  const result = await mock.execute({ query: DOCUMENTED_MUTATION });
  return (result.data as { create_webhook_subscription: { sentera_id: string } }).create_webhook_subscription
    .sentera_id;
}

describe('an acknowledged change', () => {
  it('is in the state file when the response arrives, without any flush', async () => {
    const path = stateFile();
    const mock = createTestMock();
    const persistence = attach(mock, path);
    const id = await create(mock);
    expect(savedIds(path)).toEqual([id]);
    const burst = await Promise.all(Array.from({ length: 10 }, () => create(mock)));
    expect(savedIds(path)).toEqual([id, ...burst]);
    persistence.close();
  });

  it('is in the state file when a control API response arrives (emitted event)', async () => {
    const path = stateFile();
    const server = await startTestServer({ stateFile: path });
    const response = await fetch(`${server.origin}/_mock/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION }),
    });
    expect(response.status).toBeLessThan(300);
    const { event } = (await response.json()) as { event: { sentera_id: string } };
    expect(savedState(path).events.getEvent(event.sentera_id)).toMatchObject({ sentera_id: event.sentera_id });
    await server.close();
  });
});

describe('the state file', () => {
  it('is locked: a second mock on it is refused with the owner pid, and can start once the first closes', async () => {
    const path = stateFile();
    const first = attach(createTestMock(), path);
    const second = attachStatePersistence({ state: createTestMock().state, path });
    expect(!second.ok && second.problem.message).toContain(`is in use by another sentera-mock (pid ${process.pid}`);
    await expect(startTestServer({ stateFile: path })).rejects.toThrow('is in use by another sentera-mock');
    first.close();
    attach(createTestMock(), path).close();
  });

  it('takes over the lock a killed process left behind', () => {
    const path = stateFile();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(`${path}.lock`, `${dead}\n`);
    attach(createTestMock(), path).close();
  });

  it('is created readable by its owner only (it holds OAuth client secrets)', async () => {
    const path = stateFile();
    const mock = createTestMock();
    const persistence = attach(mock, path);
    await create(mock);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}.journal`).mode & 0o777).toBe(0o600);
    persistence.close();
  });

  it('is written through a symbolic link to its target, which stays a link', async () => {
    const target = stateFile();
    const link = join(dir, `link-${files++}.json`);
    symlinkSync(target, link); // Dangling until the first write.
    const mock = createTestMock();
    const persistence = attach(mock, link);
    const id = await create(mock);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(savedIds(target)).toEqual([id]);
    expect(lstatSync(`${target}.journal`).isFile()).toBe(true);
    persistence.close();
    const again = createTestMock();
    const restored = attach(again, link);
    expect(restored.restored).toBe(true);
    expect(again.store.getWebhookSubscription(id)).toBeDefined();
    restored.close();
  });

  it('is refused, without hanging, when it is a FIFO', () => {
    const path = join(dir, `fifo-${files++}`);
    execFileSync('mkfifo', [path]);
    const result = attachStatePersistence({ state: createTestMock().state, path });
    expect(!result.ok && result.problem.message).toContain('is not a regular file');
  });
});
