#!/usr/bin/env node
// The published package ships only the build: run dist/. In a checkout, run the build when it is newer than every
// source file (`npm run build` makes it so): a start as fast as the package's; else run the TypeScript source through
// tsx, so a checkout never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import module from 'node:module';

// Node >= 22.1: V8 keeps the compiled code of the modules (in the OS temp directory), so later starts compile nothing.
module.enableCompileCache?.();

const at = (path) => new URL(`../${path}`, import.meta.url);
const built = at('dist/src/cli/main.js');
if (!existsSync(at('src/cli/main.ts')) || (isNewer('dist/src/cli/main.js', 'src') && isNewer('dist/ui', 'ui'))) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(at('src/cli/main.ts').href);
}

/** Whether the build `output` (a file, or every file of a folder) is newer than every file under `sources`. */
function isNewer(output, sources) {
  try {
    const outputs = statSync(at(output)).isDirectory()
      ? readdirSync(at(output)).map((name) => `${output}/${name}`)
      : [output];
    if (outputs.length === 0) return false;
    return newest(sources) <= Math.min(...outputs.map((path) => statSync(at(path)).mtimeMs));
  } catch {
    return false;
  }
}

function newest(folder) {
  let time = statSync(at(folder)).mtimeMs;
  for (const entry of readdirSync(at(folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(at(path)).mtimeMs);
  }
  return time;
}
