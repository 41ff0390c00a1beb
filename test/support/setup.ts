import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { runAfterFile } from './after-file.js';

// Run again before every test file (the support modules they share are imported once per worker: see after-file.ts).

// No network beyond loopback, in every test file.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));
});

afterEach(() => {
  nock.cleanAll();
});

// Servers the file's tests started are closed, and the checks support modules make over a whole file run.
afterAll(runAfterFile);
