import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MockOptions, SenteraMock } from '../../src/mock/create-mock.js';
import { attachStatePersistence, type StatePersistence } from '../../src/state/attach-state-persistence.js';
import { DOCUMENTED_MUTATION, DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { runCommand } from '../support/cli.js';
import { savedIds, savedState } from '../support/saved-state.js';
import { createTestMock, startTestServer } from '../support/test-mock.js';

const dir = mkdtempSync(join(tmpdir(), 'sentera-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const stateFile = () => join(dir, `state-${files++}.json`);
/** An organization the fixtures lack: created on first use with autoCreateOrganizations. */
const OTHER_ORGANIZATION = '6aeagny_OR_w3njOtherOrg_CV_deve_ef64a0fce_220112_111024';
const options: MockOptions = { autoCreateOrganizations: true };

function attach(mock: SenteraMock, path: string, compactAfterBytes?: number): StatePersistence {
  const persistence = attachStatePersistence({
    state: mock.state,
    path,
    ...(compactAfterBytes === undefined ? {} : { compactAfterBytes }),
  });
  if (!persistence.ok) throw new Error(persistence.problem.message);
  return persistence.value;
}

async function graphql(mock: SenteraMock, query: string, variables?: Record<string, unknown>) {
  const result = await mock.execute({ query, ...(variables ? { variables } : {}) });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data as Record<string, { sentera_id: string }>;
}

const create = async (mock: SenteraMock, organization = DOCUMENTED_ORGANIZATION) =>
  (await graphql(mock, DOCUMENTED_MUTATION.replace(DOCUMENTED_ORGANIZATION, organization)))[
    'create_webhook_subscription'
  ]?.sentera_id as string;

async function control(mock: SenteraMock, path: string, body: unknown) {
  const response = await mock.fetch(`http://localhost/_mock${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(await response.text());
}

/** Every kind of change: creates (one in an auto-created organization), an update, a delete, an event, the clock. */
async function work(mock: SenteraMock): Promise<string[]> {
  const ids = [await create(mock), await create(mock), await create(mock), await create(mock, OTHER_ORGANIZATION)];
  await graphql(
    mock,
    'mutation($id: ID!) { update_webhook_subscription(sentera_id: $id, callback_url: "https://example.com/updated") { sentera_id } }',
    { id: ids[0] },
  );
  await graphql(
    mock,
    `mutation($ids: [ID!]!) { delete_webhook_subscriptions(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", sentera_ids: $ids) { sentera_id } }`,
    { ids: [ids[1]] },
  );
  await control(mock, '/events', { type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION });
  await control(mock, '/clock', { advance_ms: 60_000 });
  return ids;
}

/** What a `kill -9` right now would leave: a copy of the snapshot and the journal under a new name. */
function crashImage(path: string, journal = `${path}.journal`): string {
  const copy = stateFile();
  copyFileSync(path, copy);
  copyFileSync(journal, `${copy}.journal`);
  return copy;
}

const parts = (mock: SenteraMock) => mock.state.snapshot().parts;
const journalLines = (path: string) => readFileSync(`${path}.journal`, 'utf8').split('\n').filter(Boolean);

describe('the state journal', () => {
  it('replays every kind of change after a crash: the restarted state is the live one, and ids go on as they would', async () => {
    const path = stateFile();
    const live = createTestMock(options);
    const persistence = attach(live, path);
    const ids = await work(live);
    const copy = crashImage(path);
    const restarted = savedState(copy, options);
    expect(parts(restarted)).toEqual(parts(live));
    // Changes were journaled, not the whole state: the store as changes, the snapshot without them.
    expect(journalLines(path).some((line) => line.startsWith('{"part":"store","change":'))).toBe(true);
    for (const id of ids) expect(readFileSync(path, 'utf8')).not.toContain(id);
    expect(await create(restarted)).toBe(await create(live));
    persistence.close();
  });

  it('never gives an id again after a crash, even one of a deleted subscription with a fixed clock', async () => {
    const path = stateFile();
    const live = createTestMock();
    const persistence = attach(live, path);
    const ids = [await create(live), await create(live)];
    // Deleted: only the saved id counters, not the store, can keep its id from being minted again.
    await graphql(
      live,
      `mutation($ids: [ID!]!) { delete_webhook_subscriptions(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", sentera_ids: $ids) { sentera_id } }`,
      { ids: [ids[1]] },
    );
    const restarted = savedState(crashImage(path));
    const next = await create(restarted);
    expect(ids).not.toContain(next);
    expect(next).toBe(await create(live));
    persistence.close();
  });

  it('ignores a last line cut short by a crash, with a note, and keeps every change before it', async () => {
    const path = stateFile();
    const live = createTestMock(options);
    const persistence = attach(live, path);
    await work(live);
    const copy = crashImage(path);
    appendFileSync(`${copy}.journal`, '{"part":"store","change":{"put":{"sentera_id":"b6');
    const restarted = createTestMock(options);
    const resumed = attach(restarted, copy);
    expect(resumed.notes).toEqual([
      expect.stringContaining(`journal ${copy}.journal: its last line (${journalLines(path).length + 1}, at byte`),
    ]);
    expect(parts(restarted)).toEqual(parts(live));
    resumed.close();
    persistence.close();
  });

  it('tells the server caller what start-up worked around (stateNotes)', async () => {
    const path = stateFile();
    attach(createTestMock(), path).close();
    appendFileSync(`${path}.journal`, '{"part":"clock"');
    const server = await startTestServer({ stateFile: path });
    expect(server.stateNotes).toEqual([expect.stringContaining('its last line (2, at byte')]);
    await server.close();
  });

  it.each([
    [
      'a line that is not a record',
      (lines: string[]) => lines.splice(2, 0, 'not json'),
      'is corrupt at line 3 (byte offset',
    ],
    [
      'a record that does not apply',
      (lines: string[]) => (lines[1] = (lines[1] as string).replace('https://example.com/webhooks', 'not a url')),
      'line 2: store.subscriptions[0].callback_url',
    ],
    [
      'a record of an unknown part',
      (lines: string[]) => lines.splice(2, 0, '{"part":"x","snapshot":1}'),
      'line 3: unknown state part "x"',
    ],
  ])(
    'refuses to start on %s before the end, naming the journal and the line, and changes neither the files nor the mock',
    async (_, corrupt, message) => {
      const path = stateFile();
      const live = createTestMock(options);
      const persistence = attach(live, path);
      await work(live);
      const copy = crashImage(path);
      const lines = journalLines(copy);
      corrupt(lines);
      writeFileSync(`${copy}.journal`, `${lines.join('\n')}\n`);
      const before = readFileSync(`${copy}.journal`, 'utf8');
      const fresh = createTestMock(options);
      const untouched = parts(fresh);
      const result = attachStatePersistence({ state: fresh.state, path: copy });
      expect(parts(fresh)).toEqual(untouched);
      expect(!result.ok && result.problem.message).toContain(`journal ${copy}.journal`);
      expect(!result.ok && result.problem.message).toContain(message);
      expect(readFileSync(`${copy}.journal`, 'utf8')).toBe(before);
      persistence.close();
    },
  );

  it('makes serve exit 1 on a corrupt journal with the message and no stack trace', async () => {
    const path = stateFile();
    attach(createTestMock(), path).close();
    appendFileSync(`${path}.journal`, 'garbage\n{"part":"clock","snapshot":null}\n');
    const { code, stderr } = await runCommand(['serve', '--port', '0', '--seed', 'test', '--state', path]);
    expect(code).toBe(1);
    expect(stderr).toContain(`journal ${path}.journal is corrupt at line 2`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('folds the journal into the snapshot when it would pass the limit, and loses nothing', async () => {
    const path = stateFile();
    const live = createTestMock();
    const persistence = attach(live, path, 2_000);
    const ids: string[] = [];
    for (let index = 0; index < 30; index++) {
      ids.push(await create(live));
      expect(statSync(`${path}.journal`).size).toBeLessThanOrEqual(2_000);
    }
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as { parts: { store: { subscriptions: unknown[] } } };
    expect(snapshot.parts.store.subscriptions.length).toBeGreaterThan(0);
    expect(savedIds(crashImage(path))).toEqual(ids);
    persistence.close();
  });

  it('loses nothing when killed between the two writes of a compaction (new snapshot, previous journal)', async () => {
    const path = stateFile();
    const live = createTestMock(options);
    const persistence = attach(live, path);
    await work(live);
    const previousJournal = join(dir, `journal-${files++}`);
    copyFileSync(`${path}.journal`, previousJournal);
    persistence.close(); // compacts: the snapshot now holds everything, the journal starts over
    const copy = crashImage(path, previousJournal);
    const restarted = createTestMock(options);
    const resumed = attach(restarted, copy);
    expect(resumed.notes).toEqual([expect.stringContaining('was written for another snapshot')]);
    expect(parts(restarted)).toEqual(parts(live));
    expect(await create(restarted)).toBe(await create(live));
    resumed.close();
  });

  it('loses nothing when killed while writing a snapshot, and removes the temporary file left behind', async () => {
    const path = stateFile();
    const live = createTestMock(options);
    const persistence = attach(live, path);
    await work(live);
    const copy = crashImage(path);
    const temporaries = [
      join(dir, `.${copy.split('/').pop()}.999999.tmp`),
      join(dir, `.${copy.split('/').pop()}.journal.999999.tmp`),
    ];
    for (const temporary of temporaries) writeFileSync(temporary, '{"format": "sentera-mock-st');
    const restarted = createTestMock(options);
    const resumed = attach(restarted, copy);
    expect(resumed.notes).toEqual([]);
    expect(parts(restarted)).toEqual(parts(live));
    for (const temporary of temporaries) expect(existsSync(temporary)).toBe(false);
    resumed.close();
    persistence.close();
  });

  it('leaves the whole state in the snapshot and an empty journal after a clean close', async () => {
    const path = stateFile();
    const live = createTestMock(options);
    const persistence = attach(live, path);
    await work(live);
    persistence.close();
    expect(journalLines(path)).toHaveLength(1);
    const fromSnapshot = createTestMock(options);
    expect(fromSnapshot.state.restore(JSON.parse(readFileSync(path, 'utf8')))).toEqual({ ok: true, value: undefined });
    expect(parts(fromSnapshot)).toEqual(parts(live));
  });

  it('writes a new snapshot and starts the journal over on a reset', async () => {
    const path = stateFile();
    const live = createTestMock(options);
    const persistence = attach(live, path);
    await work(live);
    live.reset();
    await live.state.durable();
    expect(journalLines(path)).toHaveLength(1);
    expect(savedIds(path)).toEqual([]);
    persistence.close();
  });

  it('refuses a journal that is a FIFO without hanging', () => {
    const path = stateFile();
    execFileSync('mkfifo', [`${path}.journal`]);
    const result = attachStatePersistence({ state: createTestMock().state, path });
    expect(!result.ok && result.problem.message).toContain('is not a regular file');
    expect(readdirSync(dir)).not.toContain(`${path.split('/').pop()}.lock`);
  });
});
