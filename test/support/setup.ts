import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

// No network beyond loopback, in every test file.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));
});

afterEach(() => {
  nock.cleanAll();
});
