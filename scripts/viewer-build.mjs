// Builds the web viewer (src/viewer/) into <outDir>: index.html and viewer.css copied, viewer.js
// one minified classic script bundled by esbuild (so the page also works opened from disk, where
// module scripts are refused). Used by scripts/build-dist.mjs (dist/viewer/) and by the tests.

import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Bundles the viewer into `outDir`; refuses a bundle that reaches a Node built-in.
 * @param {{ root: string, outDir: string, minify?: boolean }} o
 * @returns {Promise<{ bytes: number }>}
 */
export async function buildViewer({ root, outDir, minify = true }) {
  const esbuild = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const r = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src/viewer/main.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    outfile: join(outDir, 'viewer.js'),
  });
  const builtins = Object.keys(r.metafile.inputs).filter((p) => p.startsWith('node:'));
  if (builtins.length) throw new Error(`the viewer bundle reaches Node built-ins: ${builtins.join(', ')}`);
  for (const f of ['index.html', 'viewer.css']) copyFileSync(join(root, 'src/viewer', f), join(outDir, f));
  return { bytes: Object.values(r.metafile.outputs).reduce((n, o) => n + o.bytes, 0) };
}
