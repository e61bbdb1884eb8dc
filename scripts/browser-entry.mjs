// The one-file browser build of the package root plus savepack/browser (dist/browser/savepack-browser.js):
// everything `savepack` exports and the save slots, in one module, so that a page without a bundler
// gets both from one file with one copy of the library (one SavepackError class). Used by
// scripts/build-dist.mjs, examples/browser/serve.mjs and the browser slot tests.

import { join } from 'node:path';
import { browserBundleOptions } from './esbuild-options.mjs';

/** Where the build puts it, relative to the output directory. */
export const BROWSER_ALL_FILE = 'browser/savepack-browser.js';

/**
 * esbuild options for the root + savepack/browser bundle (minified ESM, fflate included, platform
 * browser: a Node built-in anywhere in the graph fails the build).
 * @param {{ root: string, outfile?: string }} o
 * @returns {import('esbuild').BuildOptions & { metafile: true }}
 */
export function browserAllOptions({ root, outfile }) {
  const base = browserBundleOptions({ root, ...(outfile ? { outfile } : {}) });
  delete base.entryPoints;
  return {
    ...base,
    ...(outfile ? {} : { outfile: join(root, 'savepack-browser.js') }),
    stdin: {
      contents: "export * from './src/index.ts';\nexport * from './src/browser.ts';\n",
      resolveDir: root,
      sourcefile: 'savepack-browser.ts',
      loader: 'ts',
    },
  };
}
