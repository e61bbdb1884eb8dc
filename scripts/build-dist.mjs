// Builds everything the npm package ships, from src/ (run scripts/build-wasm.mjs first so that
// src/wasm/core-bytes.ts exists):
//
//   <out>/            ESM (.js) + types (.d.ts)                     tsc -p tsconfig.build.json
//   <out>/cjs/        CommonJS (.js) + CJS-scoped types (.d.ts),    tsc -p tsconfig.cjs.json
//                     with <out>/cjs/package.json {"type":"commonjs"}
//   <out>/browser/savepack.js   one-file minified ESM of the package root (fflate included) for
//                     plain <script type="module"> pages and CDNs; bundlers use <out>/index.js
//   <out>/viewer/     the web viewer: index.html, viewer.css, viewer.js (scripts/viewer-build.mjs)
//   <out>/browser/savepack-browser.js   the same plus savepack/browser (save slots) in one file
//
// Usage: node scripts/build-dist.mjs [--out dist]. Only tools from devDependencies are used.
// The tarball test (test/package.test.ts) builds into a temporary directory with --out.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserBundleOptions } from './esbuild-options.mjs';
import { buildViewer } from './viewer-build.mjs';
import { BROWSER_ALL_FILE, browserAllOptions } from './browser-entry.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const out = resolve(root, outArg >= 0 ? args[outArg + 1] : 'dist');

if (!statSync(join(root, 'src/wasm/core-bytes.ts'), { throwIfNoEntry: false })) {
  console.error('build-dist: src/wasm/core-bytes.ts is missing; run `npm run build:wasm` first (or `npm run build`).');
  process.exit(1);
}

const tsc = require.resolve('typescript/bin/tsc');
const run = (project, outDir) =>
  execFileSync(process.execPath, [tsc, '-p', project, '--outDir', outDir], { cwd: root, stdio: 'inherit' });

// A stale file from an earlier build (a module since deleted) must never reach the tarball.
rmSync(out, { recursive: true, force: true });

run('tsconfig.build.json', out);
run('tsconfig.cjs.json', join(out, 'cjs'));
writeFileSync(join(out, 'cjs/package.json'), '{\n  "type": "commonjs"\n}\n');

// tsc rewrites `./x.ts` to `./x.js` in emitted JavaScript (rewriteRelativeImportExtensions) but
// not in declaration files; consumers resolve declaration imports like runtime ones, so the
// declarations get the same `.js` specifiers.
const specifier = /((?:from|import|declare module)\s*\(?\s*)(['"])(\.\.?\/[^'"]*?)\.ts\2/g;
for (const file of walk(out)) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(specifier, '$1$2$3.js$2');
  if (fixed !== text) writeFileSync(file, fixed);
}

const esbuild = await import('esbuild');
mkdirSync(join(out, 'browser'), { recursive: true });
await esbuild.build(browserBundleOptions({ root, outfile: join(out, 'browser/savepack.js') }));
// The web viewer (`savepack view`, or <out>/viewer/index.html opened from disk).
await buildViewer({ root, outDir: join(out, 'viewer') });
await esbuild.build(browserAllOptions({ root, outfile: join(out, BROWSER_ALL_FILE) }));

let files = 0, bytes = 0;
for (const f of walk(out)) { files++; bytes += statSync(f).size; }
console.log(`dist: ${files} files, ${(bytes / 1024).toFixed(1)} KiB in ${out}`);

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}
