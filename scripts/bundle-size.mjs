// Reports the minified + gzipped size of the browser bundle of the package root (everything
// `import * from 'savepack'` pulls in, fflate included), with the embedded WASM core and without
// it (src/wasm/core-bytes.ts replaced by empty strings, i.e. the JS kernels only).
//
// Usage: node scripts/bundle-size.mjs [--json]   (needs src/wasm/core-bytes.ts: npm run build:wasm)

import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import * as esbuild from 'esbuild';
import { browserBundleOptions } from './esbuild-options.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
if (!statSync(join(root, 'src/wasm/core-bytes.ts'), { throwIfNoEntry: false })) {
  console.error('bundle-size: src/wasm/core-bytes.ts is missing; run `npm run build:wasm` first.');
  process.exit(1);
}

/** Replaces the embedded WASM bytes with empty strings (same exports, no payload). */
const noWasm = {
  name: 'no-wasm-bytes',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]wasm[\\/]core-bytes\.ts$/ }, (args) => {
      const names = [...readFileSync(args.path, 'utf8').matchAll(/export const (\w+)/g)].map((m) => m[1]);
      return { contents: names.map((n) => `export const ${n} = "";`).join('\n'), loader: 'ts' };
    });
  },
};

async function measure(plugins) {
  const r = await esbuild.build(browserBundleOptions({ root, plugins }));
  const code = r.outputFiles[0].contents;
  const nodeBuiltins = Object.keys(r.metafile.inputs).filter((p) => p.startsWith('node:'));
  if (nodeBuiltins.length) throw new Error(`Node built-ins in the browser bundle: ${nodeBuiltins.join(', ')}`);
  return {
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    inputs: r.metafile.inputs,
  };
}

const withWasm = await measure([]);
const withoutWasm = await measure([noWasm]);

// Where the bytes go (minified, before compression), by top-level source area.
const r = await esbuild.build(browserBundleOptions({ root }));
const byArea = {};
for (const [file, info] of Object.entries(r.metafile.outputs[Object.keys(r.metafile.outputs)[0]].inputs)) {
  const area = file.includes('node_modules/') ? file.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+).*$/, '$1') : file.replace(/^src\/([^/]+(?:\/)?)?.*$/, 'src/$1');
  byArea[area] = (byArea[area] ?? 0) + info.bytesInOutput;
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({
    withWasm: { minified: withWasm.minified, gzip: withWasm.gzip, brotli: withWasm.brotli },
    withoutWasm: { minified: withoutWasm.minified, gzip: withoutWasm.gzip, brotli: withoutWasm.brotli },
    byArea,
  }, null, 2));
} else {
  console.log('browser bundle of `savepack` (esbuild --bundle --minify --platform=browser, all root exports)');
  console.log(`  with WASM core:    ${kib(withWasm.minified)} minified, ${kib(withWasm.gzip)} gzip, ${kib(withWasm.brotli)} brotli`);
  console.log(`  without WASM core: ${kib(withoutWasm.minified)} minified, ${kib(withoutWasm.gzip)} gzip, ${kib(withoutWasm.brotli)} brotli`);
  console.log('  minified bytes by area:');
  for (const [area, n] of Object.entries(byArea).sort((a, b) => b[1] - a[1])) console.log(`    ${area.padEnd(24)} ${kib(n)}`);
}
