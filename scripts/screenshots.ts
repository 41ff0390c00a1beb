// Refreshes the README's screenshots (docs/graphiql.png, docs/console.png) from a live mock in headless Chromium:
// `npm run screenshots`. Needs Chromium (see test/support/browser.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createManualClock } from '../src/runtime/clock.js';
import { parseScenario } from '../src/seed/parse-scenario.js';
import { runSeed } from '../src/seed/run-seed.js';
import { startMockServer } from '../src/server/start-mock-server.js';
import { loadUiAssets } from '../src/ui/load-ui-assets.js';
import { browserUnavailable, openBrowser } from '../test/support/browser.js';

if (browserUnavailable) throw new Error(browserUnavailable);
const root = join(import.meta.dirname, '..');
await loadUiAssets();
const server = await startMockServer({
  port: 0,
  clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }),
  delivery: { timeScale: 0.001 },
});
const browser = await openBrowser({ width: 1280, height: 900 });
try {
  const { page } = browser;
  await page.goto(server.url);
  await page.locator('.graphiql-container').waitFor();
  await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
  await page.locator('.result-window').getByText('sentera_id').first().waitFor();
  await page.screenshot({ path: join(root, 'docs', 'graphiql.png') });

  const scenario = parseScenario(readFileSync(join(root, 'scenarios', 'demo.yaml'), 'utf8'), 'scenarios/demo.yaml');
  await runSeed({ scenario, endpoint: server.url, ledger: { find: () => undefined, record: () => undefined } });
  await page.goto(`${server.origin}/`);
  const world = page.getByRole('region', { name: 'Organizations and webhook subscriptions' });
  await world.getByLabel('Organization').selectOption({ label: 'The Mosaic Company' });
  await world.getByLabel('Callback URL').fill(`${server.origin}/_inbox/broken?status=503`);
  await world.getByRole('checkbox', { name: 'FEATURE_SET_CREATED' }).check();
  await world.getByRole('button', { name: 'Create subscription' }).click();
  await world.getByText('/_inbox/broken?status=503').waitFor();
  const trigger = page.getByRole('region', { name: 'Trigger an event' });
  await trigger.getByLabel('Event type').selectOption('FEATURE_SET_CREATED');
  await trigger.getByLabel('Organization').selectOption({ label: 'The Mosaic Company' });
  await trigger.getByRole('button', { name: 'Emit event' }).click();
  const failing = page
    .getByRole('region', { name: 'Deliveries' })
    .getByRole('listitem')
    .filter({ hasText: '/_inbox/broken' })
    .first();
  await failing.locator('summary').click();
  await failing
    .getByRole('table', { name: 'Attempts' })
    .getByRole('row')
    .filter({ hasText: '503' })
    .nth(2)
    .waitFor({ timeout: 20_000 });
  const inbox = page.getByRole('region', { name: 'Inbox' });
  await inbox.getByLabel('Inbox').selectOption('demo-acme');
  await inbox.getByRole('list', { name: 'Received requests' }).locator('summary').first().waitFor();
  await page
    .getByRole('button', { name: /Events of .*_WS_b2muTheMosaic/ })
    .first()
    .click();
  await page.getByRole('table', { name: 'Events' }).waitFor();
  await page.screenshot({ path: join(root, 'docs', 'console.png'), fullPage: true });
  process.stdout.write('docs/graphiql.png, docs/console.png\n');
} finally {
  await browser.close();
  await server.close();
}
