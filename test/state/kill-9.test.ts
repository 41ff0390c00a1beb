import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attachStatePersistence } from '../../src/state/attach-state-persistence.js';
import { spawnCli } from '../support/cli.js';
import { DOCUMENTED_MUTATION, DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { savedState } from '../support/saved-state.js';
import { createTestMock } from '../support/test-mock.js';

const dir = mkdtempSync(join(tmpdir(), 'sentera-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DELETE = `mutation($ids: [ID!]!) { delete_webhook_subscriptions(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", sentera_ids: $ids) { sentera_id } }`;

/** What the server acknowledged before it was killed. */
interface Acknowledged {
  created: Set<string>;
  /** Deletes sent: one the kill cut short may or may not have been applied. */
  deleting: Set<string>;
  deleted: Set<string>;
}

/**
 * Starts `serve --state`, creates subscriptions (and deletes every second one it created) as fast as it answers with
 * four clients, and kills it with SIGKILL. Returns what was acknowledged with a 200 and no errors.
 */
async function runAndKill(
  path: string,
  delay: number,
  journalLimit: number | undefined,
  acknowledged: Acknowledged,
): Promise<void> {
  const cli = spawnCli([
    'serve',
    '--port',
    '0',
    '--seed',
    'test',
    '--clock',
    '2022-01-31T13:27:09Z',
    '--state',
    path,
    ...(journalLimit === undefined ? [] : ['--state-journal-limit', String(journalLimit)]),
  ]);
  const { child } = cli;
  let unarmed: ReturnType<typeof setTimeout> | undefined;
  try {
    // Up to 30 s: tsx compiles the sources at start, which takes over 10 s on a loaded 2-core machine.
    const url = await cli.endpoint(30_000);
    // The kill comes `delay` ms after this run's first acknowledged delete (or after 20 s without one), so every run
    // has written both kinds of change however loaded the machine is.
    let killed = false;
    let armed = false;
    const arm = () => {
      if (armed) return;
      armed = true;
      setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, delay);
    };
    unarmed = setTimeout(arm, 20_000);
    const post = async (body: unknown) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return response.ok && !text.includes('"errors"')
        ? (JSON.parse(text) as { data: Record<string, unknown> }).data
        : undefined;
    };
    const worker = async () => {
      for (let operation = 0; !killed; operation++) {
        try {
          const created = await post({ query: DOCUMENTED_MUTATION });
          const id = (created?.['create_webhook_subscription'] as { sentera_id: string } | undefined)?.sentera_id;
          if (id) acknowledged.created.add(id);
          if (id && operation % 2 === 1) {
            acknowledged.deleting.add(id);
            if (await post({ query: DELETE, variables: { ids: [id] } })) {
              acknowledged.deleted.add(id);
              arm();
            }
          }
        } catch {
          return;
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    await cli.exited;
  } finally {
    clearTimeout(unarmed);
    child.kill('SIGKILL');
  }
}

describe('a state file and its journal under kill -9', () => {
  it('loses no acknowledged change, and is always readable and restorable', async () => {
    const path = join(dir, 'state.json');
    const acknowledged: Acknowledged = { created: new Set(), deleting: new Set(), deleted: new Set() };
    let lost = 0;
    const notes: string[] = [];
    // Fixed, varied kill delays: bounded and reproducible. A small journal limit makes the server write a new
    // snapshot every few changes, so kills also land during compactions.
    for (const [delay, journalLimit] of [
      [300, undefined],
      [40, 2_048],
      [700, 4_096],
      [150, undefined],
      [500, 1_024],
      [900, 8_192],
    ] as const) {
      await runAndKill(path, delay, journalLimit, acknowledged);
      // The snapshot and its journal, as the next start reads them (the kill may have cut the journal's last line).
      const mock = savedState(path);
      const saved = new Set(mock.store.allWebhookSubscriptions().map((subscription) => subscription.sentera_id));
      const missing = [...acknowledged.created].filter((id) => !acknowledged.deleting.has(id) && !saved.has(id));
      const undeleted = [...acknowledged.deleted].filter((id) => saved.has(id));
      lost = missing.length + undeleted.length;
      if (lost > 0)
        console.log({
          delay,
          missing,
          undeleted,
          created: acknowledged.created.size,
          deleted: acknowledged.deleted.size,
        });
      expect(lost).toBe(0);
      const persisted = attachStatePersistence({ state: createTestMock().state, path });
      expect(persisted.ok).toBe(true);
      if (persisted.ok) {
        notes.push(...persisted.value.notes);
        persisted.value.close();
      }
    }
    console.log(
      `kill -9: ${acknowledged.created.size} creates and ${acknowledged.deleted.size} deletes acknowledged, ${lost} lost; start-up notes: ${notes.length === 0 ? 'none' : notes.join(' | ')}`,
    );
    expect(acknowledged.created.size).toBeGreaterThan(0);
    expect(acknowledged.deleted.size).toBeGreaterThan(0);
  }, 300_000);
});
