import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/sentera-mock.js', import.meta.url));

describe('the sentera-mock binary', () => {
  it('starts, serves, and shuts down cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let tries = 0; tries < 500 && !stdout.includes('curl'); tries++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const url = /(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(stdout)?.[1];
      expect(url, `stdout: ${stdout}\nstderr: ${stderr}`).toBeDefined();
      const response = await fetch(
        `${url}?query=${encodeURIComponent('{ organizations(pagination: {page: 1, page_size: 1}) { total_count } }')}`,
      );
      expect(response.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toContain('stopped (SIGTERM)');
    } finally {
      child.kill('SIGKILL');
    }
  }, 40_000);

  it('npm start runs the server in one node process that stops when npm is sent SIGTERM (as a process manager does)', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const npm = spawn('npm', ['start', '--silent', '--', '--port', '0', '--log-level', 'silent'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    npm.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    try {
      for (let tries = 0; tries < 500 && !stdout.includes('curl'); tries++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const url = /(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(stdout)?.[1] as string;
      expect(url, stdout).toBeDefined();
      npm.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toContain('stopped (SIGTERM)');
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      npm.kill('SIGKILL');
    }
  }, 40_000);

  it('exits 2 with a one-line error for a bad flag', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^sentera-mock serve: Unknown option '--nope'[^\n]*\nsee sentera-mock serve --help\n$/);
  });
});
