// esbuild options shared by the package build (dist/browser/savepack.js), the bundle-size report
// and the browser test's <script type="module"> page, so all three measure and run the same thing.

import { join } from 'node:path';

/**
 * The one-file browser build of the package root: ESM, minified, dependencies (fflate) included,
 * platform browser (a Node built-in anywhere in the graph fails the build).
 * @param {{ root: string, outfile?: string, entry?: string, plugins?: import('esbuild').Plugin[] }} o
 * @returns {import('esbuild').BuildOptions & { metafile: true }}
 */
export function browserBundleOptions({ root, outfile, entry = join(root, 'src/index.ts'), plugins = [] }) {
  return {
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins,
    ...(outfile ? { outfile } : { write: false, outfile: join(root, 'savepack.js') }),
  };
}
