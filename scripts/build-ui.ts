// Writes the pages' bundles to dist/ui/ (with .gz beside each) for the package: part of `npm run build`.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildUiAssets } from '../src/ui/build-ui-assets.js';
import { UI_ASSET_NAMES } from '../src/ui/load-ui-assets.js';

const root = join(import.meta.dirname, '..');
const out = join(root, 'dist', 'ui');
const assets = await buildUiAssets({ root });
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const asset of assets) {
  const gzip = gzipSync(asset.body, { level: 9 });
  writeFileSync(join(out, asset.name), asset.body);
  writeFileSync(join(out, `${asset.name}.gz`), gzip);
  process.stdout.write(
    `dist/ui/${asset.name}  ${(asset.body.length / 1024).toFixed(1)} KiB, gzip ${(gzip.length / 1024).toFixed(1)} KiB\n`,
  );
}
const missing = UI_ASSET_NAMES.filter((name) => !assets.some((asset) => asset.name === name));
if (missing.length > 0) throw new Error(`build-ui: no ${missing.join(', ')}`);
