import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/runtime/clock.js';
import type { RunningMockServer } from '../../src/server/start-mock-server.js';
import { startMockServer } from '../../src/server/start-mock-server.js';
import { loadUiAssets } from '../../src/ui/load-ui-assets.js';
import { browserUnavailable, openBrowser, type BrowserSession } from '../support/browser.js';

// Real pages in a real browser: Debian's Chromium through playwright-core (see test/support/browser.ts).
describe.skipIf(browserUnavailable !== null)(
  `the pages in Chromium${browserUnavailable ? ` (skipped: ${browserUnavailable})` : ''}`,
  () => {
    let server: RunningMockServer;
    let browser: BrowserSession;

    beforeAll(async () => {
      // Bundle the pages before any timing (from source, the first request would bundle them).
      await loadUiAssets();
      // Delivery as `serve --time-scale 0.001`, each attempt held 600 ms so PENDING is visible before the result.
      server = await startMockServer({ port: 0, delivery: { timeScale: 0.001, faults: { delayMs: 600 } } });
      browser = await openBrowser();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const offOrigin = () =>
      browser.requests.filter(
        (request) => !request.url.startsWith(`${server.origin}/`) && !request.url.startsWith('data:'),
      );

    it('serves GraphiQL from the mock alone and runs the documented example, showing a sentera_id', async () => {
      const { page } = browser;
      await page.goto(`${server.origin}/graphql`);
      await page.locator('.graphiql-container').waitFor();
      await expect
        .poll(() => page.locator('.graphiql-query-editor').innerText())
        .toContain('create_webhook_subscription');
      // The docs explorer (from introspection) is open and the headers editor is there.
      await page.getByText('A GraphQL schema provides a root type for each kind of operation.').waitFor();
      await page.getByRole('button', { name: 'Headers' }).waitFor();
      await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
      await expect
        .poll(() => page.locator('.result-window').innerText(), { timeout: 10_000 })
        .toMatch(/"sentera_id": "[0-9a-z]{7}_WS_w3njAcmeGrand_CV_deve_/);
      expect(offOrigin()).toEqual([]);
      expect(browser.requests.some((request) => request.url === `${server.origin}/_ui/graphiql.js`)).toBe(true);
      expect(browser.errors).toEqual([]);
    });

    it('lists the default world in the console, and says how fast it rendered', async () => {
      const { page } = browser;
      await page.goto(`${server.origin}/`);
      const world = page.getByRole('region', { name: 'Organizations and webhook subscriptions' });
      const tree = world.getByRole('list').first();
      for (const name of ['Acme', 'Acme Child', 'Acme Grandchild', 'The Mosaic Company'])
        await tree.locator('strong').getByText(name, { exact: true }).waitFor();
      await world.getByText(`${server.origin}/_inbox/acme-child`).waitFor();
      await world.getByText(`${server.origin}/_inbox/mosaic`).waitFor();
      const timing = await page.evaluate(() => ({
        rendered: performance.getEntriesByName('sentera-mock:console-rendered')[0]?.startTime ?? null,
        firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      }));
      console.info(
        `console: first contentful paint ${timing.firstPaint?.toFixed(0)} ms, the world rendered ${timing.rendered?.toFixed(0)} ms after navigation`,
      );
      expect(timing.rendered).not.toBeNull();
      expect(offOrigin()).toEqual([]);
    });

    it('shows a delivery triggered from the form go from PENDING to SUCCESS, and the request in the inbox, without a reload', async () => {
      const { page } = browser;
      await page.goto(`${server.origin}/`);
      await page.getByRole('status').filter({ hasText: 'live' }).waitFor();
      const documents = browser.requests.filter((request) => request.type === 'document').length;
      const trigger = page.getByRole('region', { name: 'Trigger an event' });
      await trigger.getByLabel('Event type').selectOption('TASK_MODIFIED');
      await trigger.getByLabel('Organization').selectOption({ label: 'Acme Child' });
      await trigger.getByRole('button', { name: 'Emit event' }).click();
      const delivery = page
        .getByRole('region', { name: 'Deliveries' })
        .getByRole('listitem')
        .filter({ hasText: '/_inbox/acme-child' })
        .first();
      await delivery.getByText('PENDING', { exact: true }).waitFor();
      await delivery.getByText('SUCCESS', { exact: true }).waitFor({ timeout: 10_000 });
      const inbox = page.getByRole('region', { name: 'Inbox' });
      await expect.poll(() => inbox.getByLabel('Inbox').inputValue()).toBe('acme-child');
      await inbox
        .getByRole('list', { name: 'Received requests' })
        .locator('summary')
        .getByText('TASK_MODIFIED')
        .waitFor();
      expect(browser.requests.filter((request) => request.type === 'document').length).toBe(documents);
      expect(server.mock.inboxes.list('acme-child')).toHaveLength(1);
    });

    it('shows the retry timeline of a failing receiver, and the redeliver button sends again', async () => {
      const { page } = browser;
      const world = page.getByRole('region', { name: 'Organizations and webhook subscriptions' });
      await world.getByLabel('Organization').selectOption({ label: 'The Mosaic Company' });
      await world.getByLabel('Callback URL').fill(`${server.origin}/_inbox/broken?status=503`);
      await world.getByRole('checkbox', { name: 'FEATURE_SET_CREATED' }).check();
      await world.getByRole('button', { name: 'Create subscription' }).click();
      await world.getByText(`${server.origin}/_inbox/broken?status=503`).waitFor();

      const trigger = page.getByRole('region', { name: 'Trigger an event' });
      await trigger.getByLabel('Event type').selectOption('FEATURE_SET_CREATED');
      await trigger.getByLabel('Organization').selectOption({ label: 'The Mosaic Company' });
      await trigger.getByRole('button', { name: 'Emit event' }).click();
      const delivery = page
        .getByRole('region', { name: 'Deliveries' })
        .getByRole('listitem')
        .filter({ hasText: '/_inbox/broken' })
        .first();
      await delivery.locator('summary').click();
      const attempts = delivery.getByRole('table', { name: 'Attempts' });
      await attempts.getByRole('row').filter({ hasText: '503' }).nth(1).waitFor({ timeout: 15_000 });
      await attempts.getByText('next retry at').waitFor();
      const before = server.mock.inboxes.list('broken').length;
      await delivery.getByRole('button', { name: 'Redeliver' }).click();
      await attempts.getByRole('row').filter({ hasText: 'manual' }).waitFor({ timeout: 10_000 });
      expect(server.mock.inboxes.list('broken').length).toBeGreaterThan(before);
      expect(
        server.mock.delivery
          ?.list({
            subscription:
              server.mock.store.getWebhookSubscription(server.mock.delivery.list()[0]?.subscription_sentera_id ?? '')
                ?.sentera_id ?? '',
          })[0]
          ?.attempts.some((attempt) => attempt.trigger === 'manual'),
      ).toBe(true);
    });

    it('creates, edits and deletes a webhook subscription from the page', async () => {
      const { page } = browser;
      const world = page.getByRole('region', { name: 'Organizations and webhook subscriptions' });
      const url = `${server.origin}/_inbox/made-in-the-browser`;
      await world.getByLabel('Organization').selectOption({ label: 'Acme Grandchild' });
      await world.getByLabel('Callback URL').fill(url);
      await world.getByRole('button', { name: 'Create subscription' }).click();
      const row = world.getByRole('row').filter({ hasText: url });
      await row.waitFor();
      const id = (await row.locator('code').innerText()).trim();
      expect(server.mock.store.getWebhookSubscription(id)?.callback_url).toBe(url);

      await row.getByRole('button', { name: `Edit ${id}` }).click();
      const edit = world.getByRole('form', { name: `Edit ${id}` });
      await edit.getByLabel('callback_url').fill(`${url}-v2`);
      await edit.getByRole('button', { name: 'Save' }).click();
      await world.getByText(`${url}-v2`).waitFor();
      expect(server.mock.store.getWebhookSubscription(id)?.callback_url).toBe(`${url}-v2`);

      await world.getByRole('button', { name: `Delete ${id}` }).click();
      await world.getByText(`${url}-v2`).waitFor({ state: 'detached' });
      expect(server.mock.store.getWebhookSubscription(id)).toBeUndefined();
      expect(browser.errors).toEqual([]);
      expect(offOrigin()).toEqual([]);
    });

    it("pages and filters a subscription's events as the events field allows", async () => {
      const { page } = browser;
      await page.goto(`${server.origin}/`);
      const acmeChild = server.mock.store
        .allWebhookSubscriptions()
        .find((subscription) => subscription.callback_url.endsWith('/_inbox/acme-child'));
      await page.getByRole('button', { name: `Events of ${acmeChild?.sentera_id}` }).click();
      const panel = page.getByRole('region', { name: /^Events of / });
      await panel.getByRole('table', { name: 'Events' }).waitFor();
      await panel.getByText(/page 1 of \d+ \(\d+ events\)/).waitFor();
      await panel.getByLabel('status').selectOption('FAILED');
      await expect
        .poll(async () => [
          ...new Set(await panel.getByRole('table', { name: 'Events' }).locator('tbody .status').allInnerTexts()),
        ])
        .toEqual(['FAILED']);
      const summary = await panel.getByText(/page 1 of \d+ \(\d+ events\)/).innerText();
      const total = Number(/\((\d+) events\)/.exec(summary)?.[1]);
      const query = `{ webhook_subscription(sentera_id: "${acmeChild?.sentera_id}") { events(pagination: { page: 1, page_size: 1 }, status: FAILED) { total_count } } }`;
      expect(total).toBe(
        ((await server.mock.execute({ query })).data as { webhook_subscription: { events: { total_count: number } } })
          .webhook_subscription.events.total_count,
      );
      await panel.getByRole('button', { name: 'Next' }).click();
      await panel.getByText(/page 2 of/).waitFor();
    });

    it('moves a manual clock from the page', async () => {
      const manual = await startMockServer({
        port: 0,
        clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }),
        delivery: false,
      });
      try {
        const { page } = browser;
        await page.goto(`${manual.origin}/`);
        const clock = page.getByRole('form', { name: 'Clock' });
        await clock.getByText('2022-01-31T13:27:09Z').waitFor();
        await clock.getByLabel('advance ms').fill('60000');
        await clock.getByRole('button', { name: 'Advance' }).click();
        await clock.getByText('2022-01-31T13:28:09Z').waitFor();
        await clock.getByLabel('set to').fill('2022-02-01T00:00:00Z');
        await clock.getByRole('button', { name: 'Set' }).click();
        await clock.getByText('2022-02-01T00:00:00Z').waitFor();
        expect(manual.mock.clock.now().toISOString()).toBe('2022-02-01T00:00:00.000Z');
      } finally {
        await manual.close();
      }
    });

    it('says what went wrong, with a code, when the mock stops answering', async () => {
      const stopping = await startMockServer({
        port: 0,
        clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }),
        delivery: false,
      });
      const { page } = browser;
      const pageErrors: string[] = [];
      const onPageError = (error: Error) => pageErrors.push(error.message);
      page.on('pageerror', onPageError);
      try {
        await page.goto(`${stopping.origin}/`);
        const clock = page.getByRole('form', { name: 'Clock' });
        await clock.getByText('2022-01-31T13:27:09Z').waitFor();
        await stopping.close();
        await clock.getByRole('button', { name: 'Advance' }).click();
        const alert = page.getByRole('alert');
        await alert.waitFor();
        const text = (await alert.textContent()) ?? '';
        expect(text).toMatch(/^UNREACHABLE: the mock did not answer \(.+\); is it still running\?/);
        expect(text).not.toContain('undefined');
        expect(pageErrors).toEqual([]);
      } finally {
        page.off('pageerror', onPageError);
        await stopping.close();
      }
    });
  },
);
