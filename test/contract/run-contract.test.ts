/**
 * The kit against implementations that are right: sentera-mock over real HTTP, and an implementation written
 * independently of the mock's code (test/support/reference-api.ts). No MUST may fail on either: the kit must not
 * cry wolf.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { contractChecks } from '../../src/contract/contract-checks.js';
import { runContract } from '../../src/contract/run-contract.js';
import { runContractJson } from '../support/contract-cli.js';
import { OTHER_ORGANIZATION, startReferenceApi } from '../support/reference-api.js';
import { startTestServer } from '../support/test-mock.js';

describe('the contract against sentera-mock over HTTP', async () => {
  const server = await startTestServer();

  it('passes every check, MUST, SHOULD and MAY alike, and exits 0 (only the event walk is skipped: the mock has thousands of events)', async () => {
    const { code, report, errors, warnings, notices, skipped, check } = await runContractJson(server.url, [
      '--other-organization',
      '3qz8w1r_OR_gd2jAcmeChild_CV_deve_ef64a0fce_220112_111011',
    ]);
    expect({ errors, warnings, notices, skipped }).toEqual({
      errors: [],
      warnings: [],
      notices: [],
      skipped: ['R-36'],
    });
    expect(check('R-36')?.reason).toMatch(
      /^needs 90 or fewer at update_webhook_subscription\.events\.total_count \(step events_walk\), got \d+: too many to walk through$/,
    );
    expect(code).toBe(0);
    expect(report.summary.total).toBeGreaterThan(60);
  });

  it('deletes every webhook subscription it created', async () => {
    const before = server.mock.store.listWebhookSubscriptions({
      organization_sentera_id: '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024',
      pagination: { page: 1, page_size: 1000 },
    });
    const { report } = await runContractJson(server.url, ['--only', 'responses']);
    const after = server.mock.store.listWebhookSubscriptions({
      organization_sentera_id: '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024',
      pagination: { page: 1, page_size: 1000 },
    });
    expect(report.cleanup.created.length).toBeGreaterThanOrEqual(4);
    expect(report.cleanup.left).toEqual([]);
    expect(after.ok && after.value.total_count).toBe(before.ok && before.value.total_count);
  });
});

describe('the contract against an independent, correct implementation', () => {
  it('passes every check and exits 0', async () => {
    const api = await startReferenceApi();
    const { code, errors, warnings, notices, skipped } = await runContractJson(api.url, [
      '--other-organization',
      OTHER_ORGANIZATION,
    ]);
    expect({ errors, warnings, notices, skipped }).toEqual({ errors: [], warnings: [], notices: [], skipped: [] });
    expect(code).toBe(0);
    expect(api.subscriptions.size).toBe(0);
  });

  it('sends no mutation with --read-only and skips the checks that need one', async () => {
    const api = await startReferenceApi();
    const { code, report, errors, skipped, check } = await runContractJson(api.url, ['--read-only']);
    expect(code).toBe(0);
    expect(errors).toEqual([]);
    expect(api.requests.filter((request) => request.mutation && request.operationName !== undefined)).toEqual([]);
    expect(report.cleanup.created).toEqual([]);
    expect(skipped).toContain('R-01');
    expect(check('R-01')?.reason).toMatch(/--read-only: step create sends a mutation/);
    expect(check('R-20')?.status).toBe('ok');
  });

  it('sends $SENTERA_TOKEN as a bearer token with every request', async () => {
    const api = await startReferenceApi();
    await runContractJson(api.url, ['--only', 'R-01,S-01'], { SENTERA_TOKEN: 'token-from-env' });
    expect(api.requests.length).toBeGreaterThan(2);
    expect(new Set(api.requests.map((request) => request.authorization))).toEqual(new Set(['Bearer token-from-env']));
  });

  it('creates subscriptions in --organization with --callback-url', async () => {
    const api = await startReferenceApi();
    const seen: string[] = [];
    const { check } = await runContractJson(api.url, [
      '--only',
      'R-01,R-02',
      '--callback-url',
      'https://hooks.example.org/contract',
      '--organization',
      'k2m9p4x_OR_ecg4Acme_CV_deve_ef64a0fce_220112_110958',
    ]);
    for (const request of api.requests)
      if (request.operationName && request.operationName !== 'IntrospectionQuery') seen.push(request.operationName);
    expect(check('R-02')?.status).toBe('ok');
    expect(seen).toEqual(['CreateWebhookSubscription', 'DeleteWebhookSubscriptions']);
  });
});

describe("the suite in a user's own vitest run", async () => {
  const api = await startReferenceApi();
  const checks = contractChecks({ endpoint: api.url, otherOrganization: OTHER_ORGANIZATION });
  afterAll(async () => {
    const cleanup = await checks.cleanup();
    expect(cleanup.left).toEqual([]);
  });
  for (const check of checks.filter((candidate) => candidate.layer !== 'transport')) {
    it(`${check.id} ${check.name}`, async () => {
      const result = await check.run();
      expect(result.status, result.reason).toBe('ok');
    });
  }
});

describe('runContract', () => {
  it('reports an endpoint that gives no response instead of running checks', async () => {
    const api = await startReferenceApi();
    await api.close();
    const run = await runContract({ endpoint: api.url });
    expect(run).toMatchObject({ ok: false, problem: 'unreachable', message: expect.stringContaining('cannot reach') });
  });
});
