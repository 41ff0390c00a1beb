/**
 * package-root
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of sentera-mock's own package.json: where schema.graphql and fixtures/ are, whether the code runs
 * from src/ or from a build.
 */
export function packageRoot(): string {
  root ??= findPackageRoot();
  return root;
}

let root: string | undefined;

function findPackageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let at = start; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json')) && existsSync(join(at, 'schema.graphql'))) return at;
    if (dirname(at) === at) throw new Error(`[sentera-mock] cannot find the package root above ${start}`);
  }
}
