/**
 * load-ui-assets
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { packageRoot } from '../runtime/package-root.js';
import { buildUiAssets } from './build-ui-assets.js';

/**
 * A page asset ready to serve: its bytes and their gzip.
 *
 * @category UI
 */
export interface ServedAsset {
  readonly type: string;
  readonly body: Uint8Array;
  readonly gzip: Uint8Array;
}

/** The assets every page needs, in dist/ui/ of a built package. */
export const UI_ASSET_NAMES = ['graphiql.js', 'graphiql.css', 'console.js', 'console.css'] as const;

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
const loaded = new Map<string, Promise<ReadonlyMap<string, ServedAsset>>>();

/**
 * The pages' assets: read from `dist/ui/` when the package runs compiled (an installed package, `npm run build`),
 * bundled from `ui/` with esbuild when it runs from its TypeScript sources (a checkout's `npm start` and tests), so a
 * checkout never serves stale bundles. Loaded once per process and root.
 *
 * @throws Error (from the promise) when neither is possible: a compiled package without dist/ui.
 * @category UI
 */
export function loadUiAssets(
  options: { root?: string; fromSource?: boolean } = {},
): Promise<ReadonlyMap<string, ServedAsset>> {
  const { root = packageRoot(), fromSource = fileURLToPath(import.meta.url).endsWith('.ts') } = options;
  const key = `${fromSource ? 'source' : 'dist'}:${root}`;
  let assets = loaded.get(key);
  if (!assets) {
    assets = fromSource ? bundle(root) : Promise.resolve(read(join(root, 'dist', 'ui')));
    loaded.set(key, assets);
    // A failed load is not cached: the next request tries again.
    assets.catch(() => loaded.delete(key));
  }
  return assets;
}

async function bundle(root: string): Promise<ReadonlyMap<string, ServedAsset>> {
  const built = await buildUiAssets({ root });
  return new Map(
    built.map((asset) => [
      asset.name,
      { type: asset.type, body: asset.body, gzip: gzipSync(asset.body, { level: 9 }) },
    ]),
  );
}

function read(dir: string): ReadonlyMap<string, ServedAsset> {
  const assets = new Map<string, ServedAsset>();
  for (const name of UI_ASSET_NAMES) {
    const file = join(dir, name);
    if (!existsSync(file)) throw new Error(`the page assets are missing (${file}); run npm run build`);
    const body = readFileSync(file);
    const gzip = existsSync(`${file}.gz`) ? readFileSync(`${file}.gz`) : gzipSync(body, { level: 9 });
    assets.set(name, { type: TYPES[name.split('.').pop() as string] as string, body, gzip });
  }
  return assets;
}
