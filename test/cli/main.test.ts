import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../support/cli.js';

describe('the sentera-mock binary', () => {
  it('starts, serves, and shuts down cleanly on SIGTERM', async () => {
    const cli = spawnCli(['serve', '--port', '0']);
    try {
      const url = await cli.endpoint();
      const response = await fetch(
        `${url}?query=${encodeURIComponent('{ organizations(pagination: {page: 1, page_size: 1}) { total_count } }')}`,
      );
      expect(response.status).toBe(200);
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      expect(cli.stdout()).toContain('stopped (SIGTERM)');
    } finally {
      cli.child.kill('SIGKILL');
    }
  }, 40_000);

  it('npm start runs the server in one node process that stops when npm is sent SIGTERM (as a process manager does)', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const npm = spawnCli(['--port', '0', '--log-level', 'silent'], {
      command: ['npm', 'start', '--silent', '--'],
      cwd: root,
    });
    try {
      const url = await npm.endpoint();
      npm.child.kill('SIGTERM');
      expect(await npm.exited).toBe(0);
      expect(npm.stdout()).toContain('stopped (SIGTERM)');
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      npm.child.kill('SIGKILL');
    }
  }, 40_000);

  it('exits 2 with a one-line error for a bad flag', async () => {
    const cli = spawnCli(['serve', '--nope']);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toMatch(
      /^sentera-mock serve: Unknown option '--nope'[^\n]*\nsee sentera-mock serve --help\n$/,
    );
  });
});
