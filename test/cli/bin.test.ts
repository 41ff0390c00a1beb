import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'sentera-bin-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A checkout in miniature: the real bin/, a build and sources that say which one ran. */
function checkout(name: string): string {
  const dir = join(root, name);
  cpSync(join(repository, 'bin'), join(dir, 'bin'), { recursive: true });
  symlinkSync(join(repository, 'node_modules'), join(dir, 'node_modules'));
  for (const [path, text] of Object.entries({
    'package.json': '{ "type": "module" }',
    'dist/src/cli/main.js': "console.log('build');",
    'dist/ui/console.js': '',
    'src/cli/main.ts': "const ran: string = 'source'; console.log(ran);",
    'src/errors.ts': '',
    'ui/console/main.tsx': '',
  })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Dates the sources (files and folders) at 0 s and the build at 10 s. */
function built(dir: string): string {
  for (const path of ['src', 'src/cli', 'src/cli/main.ts', 'src/errors.ts', 'ui', 'ui/console', 'ui/console/main.tsx'])
    utimesSync(join(dir, path), at(0), at(0));
  for (const path of ['dist/src/cli/main.js', 'dist/ui/console.js']) utimesSync(join(dir, path), at(10), at(10));
  return dir;
}

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
const run = (dir: string) =>
  execFileSync(process.execPath, [join(dir, 'bin', 'sentera-mock.js')], { encoding: 'utf8' });

describe('the binary in a checkout', () => {
  it('runs the build when it is newer than every source file', () => {
    const dir = built(checkout('fresh'));
    expect(run(dir)).toBe('build\n');
  });

  it.each([['src/errors.ts'], ['ui/console/main.tsx']])(
    'runs the TypeScript source when %s is newer than the build',
    (edited) => {
      const dir = built(checkout(edited.replace(/\W/g, '-')));
      utimesSync(join(dir, edited), at(20), at(20));
      expect(run(dir)).toBe('source\n');
    },
  );

  it('runs the TypeScript source when there is no build', () => {
    const dir = checkout('unbuilt');
    rmSync(join(dir, 'dist'), { recursive: true });
    expect(run(dir)).toBe('source\n');
  });
});
