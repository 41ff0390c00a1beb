/**
 * build-ui-assets
 *
 * Bundles the browser pages' code (ui/: GraphiQL with React, the console with Preact) with esbuild. Run at build time
 * (`npm run build` writes dist/ui/, which the package ships) and, in a checkout run from source, when the first page
 * is asked for. esbuild is a devDependency, so it is imported only here, lazily.
 */
import { join } from 'node:path';

/**
 * One asset of the pages: its name under `/_ui/`, content type and bytes.
 *
 * @category UI
 */
export interface UiAsset {
  readonly name: string;
  readonly type: string;
  readonly body: Uint8Array;
}

/** The entry points, each bundled into `<name>.js` and `<name>.css`. */
const ENTRIES = {
  graphiql: { entry: 'ui/graphiql/main.ts', jsxImportSource: undefined },
  console: { entry: 'ui/console/main.tsx', jsxImportSource: 'preact' },
} as const;

/**
 * Bundles every page's JavaScript and CSS from the package's ui/ sources (minified, no source maps, nothing loaded
 * from elsewhere at run time: fonts and images inline).
 *
 * @throws Error when esbuild is not installed (an installed package ships dist/ui instead).
 * @category UI
 */
export async function buildUiAssets(options: { root: string }): Promise<UiAsset[]> {
  const { root } = options;
  const esbuild = await import('esbuild');
  const assets: UiAsset[] = [];
  for (const [name, { entry, jsxImportSource }] of Object.entries(ENTRIES)) {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { [name]: join(root, entry) },
      bundle: true,
      minify: true,
      format: 'iife',
      target: ['chrome110', 'firefox110', 'safari16'],
      platform: 'browser',
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.woff2': 'dataurl', '.woff': 'dataurl', '.png': 'dataurl', '.svg': 'dataurl' },
      legalComments: 'none',
      logLevel: 'silent',
      write: false,
      outdir: '/ui-out',
      ...(jsxImportSource ? { jsx: 'automatic' as const, jsxImportSource } : {}),
    });
    for (const file of result.outputFiles) {
      const extension = file.path.endsWith('.css') ? 'css' : 'js';
      assets.push({
        name: `${name}.${extension}`,
        type: extension === 'css' ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
        body: file.contents,
      });
    }
  }
  return assets;
}
