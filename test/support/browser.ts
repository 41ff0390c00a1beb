/**
 * Headless Chromium for the page tests: Debian's `chromium` (installed by .ci/run with apt-get) driven by
 * playwright-core, which never downloads a browser. Each launch gets a fresh profile.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';

/** The browser executable: $SENTERA_MOCK_CHROMIUM, else Debian's. */
const CHROMIUM_PATH = process.env['SENTERA_MOCK_CHROMIUM'] ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. */
export const browserUnavailable: string | null = existsSync(CHROMIUM_PATH)
  ? null
  : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, as .ci/run does, or set SENTERA_MOCK_CHROMIUM)`;

/** The flags of a headless run as root on a machine without network: no sandbox, no GPU, no background traffic. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every request the page made, in order (URL and resource type). */
  readonly requests: Array<{ url: string; type: string }>;
  /** Console errors and uncaught page errors. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile and opens one page that records its requests and errors. */
export async function openBrowser(options: { width?: number; height?: number } = {}): Promise<BrowserSession> {
  const { width = 1280, height = 900 } = options;
  const profile = mkdtempSync(join(tmpdir(), 'sentera-mock-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width, height },
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: Array<{ url: string; type: string }> = [];
  const errors: string[] = [];
  context.on('request', (request: Request) => requests.push({ url: request.url(), type: request.resourceType() }));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    context,
    page,
    requests,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
