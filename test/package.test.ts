// The npm package as users get it: build into a temporary directory, `npm pack`, install the
// tarball into a fresh project, and there (a) run the ESM example of the docs, (b) the CJS one,
// (c) type-check TypeScript against the shipped declarations (node16 import + require, bundler)
// with a deliberate type error that must fail, (d) bundle a browser entry with esbuild and check
// that no Node built-in is pulled in, (e) run `npx savepack lock` and savepack/testing, (f) run
// `npx savepack inspect/schema/verify/diff` on golden files and `savepack view` from the bin link.
//
// The repo's dist/ is not touched. Nothing is downloaded: the only dependency (fflate) comes from
// the npm cache that `npm ci` filled; TypeScript and esbuild are this repo's.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { repoRoot, snippets } from './browser/docs-snippets.ts';
import { startView } from './helpers/cli-build.ts';
import { ok, run, type Run } from './helpers/package-run.ts';
import { entryCheckBody, tsSources } from './helpers/package-sources.ts';

const require = createRequire(import.meta.url);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = require.resolve('typescript/bin/tsc');
let started = 0;

const work = mkdtempSync(join(tmpdir(), 'savepack-package-'));
const stage = join(work, 'package');
const app = join(work, 'app');
let tarball = '';
let packed: { files: { path: string; size: number }[]; size: number; unpackedSize: number } | undefined;
let setupError: unknown;

/** Asserts that the tarball was built and installed (the `before` hook); every test needs it. */
function installed(): void {
  if (setupError) throw new Error(`pack/install failed: ${String(setupError).slice(0, 2000)}`);
  assert.ok(existsSync(join(app, 'node_modules/savepack/package.json')), 'savepack is installed in the temporary project');
}

// Build, `npm pack` and `npm install` the tarball into a fresh project. A hook, not a test: its
// failure is kept in `setupError` (uvu swallows a throw from a hook) and fails every test here.
test.before(async () => {
  started = Date.now();
  try {
    if (!existsSync(join(repoRoot, 'src/wasm/core-bytes.ts'))) await ok(process.execPath, ['scripts/build-wasm.mjs'], repoRoot);
    await ok(process.execPath, ['scripts/build-dist.mjs', '--out', join(stage, 'dist')], repoRoot, 120_000);
    for (const f of ['package.json', 'README.md', 'FORMAT.md', 'LICENSE', 'LICENSE.md']) {
      if (existsSync(join(repoRoot, f))) cpSync(join(repoRoot, f), join(stage, f));
    }
    const pack = await ok(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage);
    const info = JSON.parse(pack.stdout)[0];
    packed = info;
    tarball = join(work, info.filename);

    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'savepack-consumer', version: '1.0.0', private: true }, null, 2));
    await ok(npm, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], app, 120_000);
    // Type declarations for savepack/node (it references Node's types), as a Node app would have.
    mkdirSync(join(app, 'node_modules/@types'), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules/@types/node'), join(app, 'node_modules/@types/node'), 'dir');
  } catch (e) {
    setupError = e instanceof Error ? e.stack ?? e.message : e;
  }
});

test.after(() => {
  rmSync(work, { recursive: true, force: true });
  console.log(`  package test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('tarball holds only what users need, and every exports target', () => {
  installed();
  assert.ok(existsSync(tarball), 'tarball written');
  assert.ok(existsSync(join(app, 'node_modules/fflate/package.json')), 'fflate installed as a dependency');
  const files = packed!.files.map((f) => f.path).sort();
  for (const f of ['package.json', 'README.md', 'FORMAT.md', 'LICENSE']) assert.ok(files.includes(f), `${f} is in the tarball`);
  const allowed = /^(package\.json|README\.md|FORMAT\.md|LICENSE(\.md)?|dist\/.+)$/;
  const extra = files.filter((f) => !allowed.test(f));
  assert.equal(extra, [], 'files outside dist/ and the docs');
  const junk = files.filter((f) => /\.(tsbuildinfo|map|test\.[jt]s)$|(^|\/)(test|src|bench)\//.test(f));
  assert.equal(junk, [], 'build leftovers in the tarball');
  for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/node.js', 'dist/node.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts',
    'dist/cjs/node.js', 'dist/cjs/node.d.ts', 'dist/cjs/package.json', 'dist/browser/savepack.js',
    'dist/browser.js', 'dist/browser.d.ts', 'dist/cjs/browser.js', 'dist/browser/savepack-browser.js',
    'dist/cli/savepack.js', 'dist/viewer/index.html', 'dist/viewer/viewer.js', 'dist/viewer/viewer.css']) {
    assert.ok(files.includes(f), `${f} is in the tarball`);
  }
  const pkg = JSON.parse(readFileSync(join(app, 'node_modules/savepack/package.json'), 'utf8'));
  assert.is(pkg.sideEffects, false, 'sideEffects: false');
  const targets: string[] = [];
  const collect = (x: unknown): void => {
    if (typeof x === 'string') targets.push(x);
    else if (x && typeof x === 'object') Object.values(x).forEach(collect);
  };
  collect(pkg.exports);
  collect([pkg.main, pkg.types]);
  for (const target of targets) assert.ok(files.includes(target.replace(/^\.\//, '')), `exports target ${target} is in the tarball`);
  assert.equal(JSON.parse(readFileSync(join(app, 'node_modules/savepack/dist/cjs/package.json'), 'utf8')), { type: 'commonjs' });
  // Declarations import each other with .js specifiers (a .ts specifier would not resolve for users).
  const dts = files.filter((f) => f.endsWith('.d.ts'));
  const bad = dts.filter((f) => /from\s+['"]\.{1,2}\/[^'"]*\.ts['"]/.test(readFileSync(join(app, 'node_modules/savepack', f), 'utf8')));
  assert.equal(bad, [], 'declaration files importing .ts specifiers');
  console.log(`  tarball: ${files.length} files, ${(packed!.size / 1024).toFixed(1)} KiB packed, ${(packed!.unpackedSize / 1024).toFixed(1)} KiB unpacked`);
});

for (const kind of ['esm', 'cjs'] as const) {
  test(`(${kind === 'esm' ? 'a' : 'b'}) Node ${kind.toUpperCase()}: the docs example runs from the tarball`, async () => {
    installed();
    for (const s of snippets(`node-${kind}`)) {
      const file = join(app, `docs-example.${kind === 'esm' ? 'mjs' : 'cjs'}`);
      writeFileSync(file, s.code);
      rmSync(join(app, 'player.save'), { force: true });
      const r = await run(process.execPath, [file], app);
      assert.is(r.stderr, '', `${s.doc} ${s.name}: stderr`);
      assert.is(r.code, 0, `${s.doc} ${s.name}: exit code`);
      assert.is(r.stdout, s.output ?? '', `${s.doc} ${s.name}: output (the docs' "prints" block)`);
      assert.ok(existsSync(join(app, 'player.save')), 'the save file was written');
    }
  });
}

test('(a, b) ESM and CJS entry points: the right build, one SavepackError per build, round trips', async () => {
  installed();
  const body = entryCheckBody;
  writeFileSync(join(app, 'check.mjs'), `import { t, codec, RecordArray, SavepackError } from 'savepack';\nimport { saveFile, loadFile } from 'savepack/node';\n${body(true)}`);
  writeFileSync(join(app, 'check.cjs'), `const { t, codec, RecordArray, SavepackError } = require('savepack');\nconst { saveFile, loadFile } = require('savepack/node');\n(async () => {${body(false)}})().catch((e) => { console.error(e); process.exitCode = 1; });\n`);
  const esm = await run(process.execPath, ['check.mjs'], app);
  assert.is(esm.stderr + (esm.code ? `exit ${esm.code}` : ''), '', 'ESM check');
  assert.match(esm.stdout, /node_modules\/savepack\/dist\/index\.js \S+node_modules\/savepack\/dist\/node\.js\n$/, 'ESM resolves to dist/*.js');
  const cjs = await run(process.execPath, ['check.cjs'], app);
  assert.is(cjs.stderr + (cjs.code ? `exit ${cjs.code}` : ''), '', 'CJS check');
  assert.match(cjs.stdout, /node_modules\/savepack\/dist\/cjs\/index\.js \S+node_modules\/savepack\/dist\/cjs\/node\.js\n$/, 'CJS resolves to dist/cjs/*.js');
});

test('(c) TypeScript: node16 import + require and bundler resolution pass; a type error fails', async () => {
  installed();
  const ts = join(app, 'ts');
  mkdirSync(ts, { recursive: true });
  for (const [name, text] of tsSources) writeFileSync(join(ts, name), text);
  const base = { strict: true, target: 'ES2022', lib: ['ES2022', 'DOM'], noEmit: true, skipLibCheck: false, types: [] as string[] };
  const cfg = (name: string, options: object, files: string[]) =>
    writeFileSync(join(ts, name), JSON.stringify({ compilerOptions: { ...base, ...options }, files }, null, 2));
  cfg('tsconfig.node16.json', { module: 'Node16', moduleResolution: 'Node16' }, ['esm.mts', 'cjs.cts']);
  cfg('tsconfig.bundler.json', { module: 'ESNext', moduleResolution: 'Bundler' }, ['bundler.ts']);
  cfg('tsconfig.bad.json', { module: 'Node16', moduleResolution: 'Node16' }, ['bad.mts']);

  const errorsOf = (r: Run) => (r.stdout + r.stderr).split('\n').filter((l) => /error TS\d+/.test(l)).join('\n');
  const good = await run(process.execPath, [tsc, '-p', 'tsconfig.node16.json', '--listFiles', '--pretty', 'false'], ts);
  if (good.code !== 0 && /Cannot find (namespace 'NodeJS'|module 'node:)/.test(good.stdout)) {
    assert.unreachable(`savepack/node's declarations use Node's types without referencing them: since TypeScript 5.5, declaration emit keeps a \`/// <reference types="node" />\` only when written \`/// <reference types="node" preserve="true" />\` (put that in src/node.ts).\n${errorsOf(good)}`);
  }
  assert.is(good.code, 0, `tsc (node16) must pass:\n${errorsOf(good)}`);
  assert.ok(good.stdout.includes('node_modules/savepack/dist/index.d.ts'), 'import resolved to dist/index.d.ts');
  assert.ok(good.stdout.includes('node_modules/savepack/dist/cjs/index.d.ts'), 'require resolved to dist/cjs/index.d.ts');
  const bundler = await run(process.execPath, [tsc, '-p', 'tsconfig.bundler.json', '--listFiles', '--pretty', 'false'], ts);
  assert.is(bundler.code, 0, `tsc (bundler) must pass:\n${errorsOf(bundler)}`);
  assert.not.ok(/@types\/node/.test(bundler.stdout), 'the savepack root declarations must not pull in @types/node');

  const bad = await run(process.execPath, [tsc, '-p', 'tsconfig.bad.json', '--pretty', 'false'], ts);
  assert.is.not(bad.code, 0, 'tsc must fail on bad.mts');
  const errors = bad.stdout.split('\n').filter((l) => /error TS\d+/.test(l)).map((l) => l.replace(/^(\S+?\(\d+),\d+\): error (TS\d+):.*$/, '$1 $2'));
  assert.equal(errors, ['bad.mts(4 TS2322', 'bad.mts(5 TS2345'], `exactly the two deliberate errors:\n${bad.stdout}`);
});

test('(d) esbuild --platform=browser bundles the root without Node built-ins; savepack/node is refused', async () => {
  installed();
  writeFileSync(join(app, 'browser-entry.js'), `import { t, codec } from 'savepack';
const Player = t.struct('game.Player', { name: t.string, level: t.u32 });
const saves = codec(Player, { version: 0, compress: 'deflate' });
document.body.textContent = saves.decode(saves.encode({ name: 'Ada', level: 3 })).name;
`);
  const r = await esbuild.build({
    absWorkingDir: app, entryPoints: ['browser-entry.js'], bundle: true, platform: 'browser', format: 'esm',
    minify: true, metafile: true, write: false, logLevel: 'silent', outfile: 'out.js',
  });
  assert.equal(r.errors, []);
  const inputs = Object.keys(r.metafile.inputs);
  const builtins = new Set(builtinModules);
  const nodeInputs = inputs.filter((p) => p.startsWith('node:') || builtins.has(p) || p.startsWith('(disabled)'));
  assert.equal(nodeInputs, [], 'Node built-ins in the browser bundle');
  const savepackInputs = inputs.filter((p) => p.includes('node_modules/savepack/'));
  assert.ok(savepackInputs.length > 0, 'savepack is in the bundle');
  assert.equal(savepackInputs.filter((p) => !/node_modules\/savepack\/dist\/(?!cjs\/|browser\/|node)/.test(p)), [], 'only the ESM build of the root is bundled');
  assert.ok(inputs.some((p) => /node_modules\/fflate\/esm\/browser\.js$/.test(p)), `fflate's browser build is used: ${inputs.filter((p) => p.includes('fflate'))}`);
  const code = r.outputFiles[0]!.text;
  assert.not.ok(/["']node:|require\(["']/.test(code), 'no node: specifier or require() left in the bundle');
  const gz = gzipSync(code).length;
  console.log(`  browser entry (t + codec + deflate): ${(code.length / 1024).toFixed(1)} KiB minified, ${(gz / 1024).toFixed(1)} KiB gzip`);

  // savepack/browser (save slots): the same, through the package's exports.
  writeFileSync(join(app, 'browser-slots-entry.js'), `import { t, codec } from 'savepack';
import { saveSlot, listSlots } from 'savepack/browser';
const saves = codec(t.struct('game.Player', { name: t.string }), { version: 0 });
saveSlot('one', saves, { name: 'Ada' }).then(() => listSlots()).then((l) => { document.body.textContent = l[0].name; });
`);
  const slots = await esbuild.build({
    absWorkingDir: app, entryPoints: ['browser-slots-entry.js'], bundle: true, platform: 'browser', format: 'esm',
    minify: true, metafile: true, write: false, logLevel: 'silent', outfile: 'out3.js',
  });
  const slotInputs = Object.keys(slots.metafile.inputs);
  assert.equal(slotInputs.filter((p) => p.startsWith('node:') || builtins.has(p) || p.startsWith('(disabled)')), [], 'Node built-ins in the savepack/browser bundle');
  assert.ok(slotInputs.some((p) => /node_modules\/savepack\/dist\/browser\/slots\.js$/.test(p)), 'savepack/browser resolves to the ESM build');
  assert.equal(slotInputs.filter((p) => p.includes('node_modules/savepack/dist/cjs/')), [], 'no CommonJS build in the browser bundle');

  writeFileSync(join(app, 'browser-node-entry.js'), `import { saveFile } from 'savepack/node';\nconsole.log(saveFile);\n`);
  const refused = await esbuild.build({
    absWorkingDir: app, entryPoints: ['browser-node-entry.js'], bundle: true, platform: 'browser', format: 'esm',
    write: false, logLevel: 'silent', outfile: 'out2.js',
  }).then(() => undefined, (e: esbuild.BuildFailure) => e);
  assert.ok(refused, 'bundling savepack/node for the browser must fail');
  assert.match(refused!.errors.map((e) => e.text).join('\n'), /node:/, 'the failure names a node: built-in');
});

test('(e) npx savepack lock in the fresh project: writes the lock, --check passes, then fails after an unbumped edit; savepack/testing', async () => {
  installed();
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const mod = (hp: string) => `import { codec, t } from 'savepack';
export const Hero = codec(t.struct('game.Hero', { name: t.string, hp: t.field(t.${hp}, { since: 1 }) }), { version: 1 });
`;
  writeFileSync(join(app, 'game.mjs'), mod('u16'));
  const w = await run(npx, ['--no', 'savepack', 'lock', 'game.mjs'], app);
  assert.is(w.code, 0, w.stderr);
  const lockFile = JSON.parse(readFileSync(join(app, 'savepack.lock.json'), 'utf8'));
  assert.is(lockFile.codecs.Hero[1].fingerprint, 'struct game.Hero{name:string,hp:u16}');
  const ok1 = await run(npx, ['--no', 'savepack', 'lock', 'game.mjs', '--check'], app);
  assert.is(ok1.code, 0, ok1.stderr);
  writeFileSync(join(app, 'game.mjs'), mod('u32'));
  const bad = await run(npx, ['--no', 'savepack', 'lock', 'game.mjs', '--check'], app);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /Hero: version 1: the stored shape of a released version changed/);
  const usage = await run(npx, ['--no', 'savepack'], app);
  assert.is(usage.code, 2);
  // savepack/testing from the tarball, ESM and CJS.
  writeFileSync(join(app, 'golden.mjs'), `import { codec, t } from 'savepack';
import { goldenCheck } from 'savepack/testing';
const c = codec(t.struct('game.Hero', { name: t.string }), { version: 0 });
console.log(JSON.stringify(goldenCheck('golden', c, () => ({ name: 'Ada' }))));
`);
  writeFileSync(join(app, 'golden.cjs'), `const { codec, t } = require('savepack');
const { goldenCheck } = require('savepack/testing');
const c = codec(t.struct('game.Hero', { name: t.string }), { version: 0 });
console.log(JSON.stringify(goldenCheck('golden', c, () => ({ name: 'Ada' }))));
`);
  const g1 = await run(process.execPath, ['golden.mjs'], app);
  assert.is(g1.stdout, '{"written":["game.Hero-v0.sp"],"verified":[]}\n', g1.stderr);
  const g2 = await run(process.execPath, ['golden.cjs'], app);
  assert.is(g2.stdout, '{"written":[],"verified":["game.Hero-v0.sp"]}\n', g2.stderr);
});

test('(f) npx savepack inspect, schema, verify, diff on golden files; savepack view from the bin link', async () => {
  installed();
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  for (const f of ['player-v1.sp', 'player-v2.sp']) cpSync(join(repoRoot, 'test/fixtures', f), join(app, f));
  const damaged = readFileSync(join(app, 'player-v2.sp'));
  damaged[damaged.length - 20] ^= 1;
  writeFileSync(join(app, 'damaged.sp'), damaged);
  const sp = (...args: string[]) => run(npx, ['--no', 'savepack', ...args], app, 60_000, { NO_COLOR: '1' });
  const inspect = await sp('inspect', 'player-v2.sp');
  assert.is(inspect.code, 0, inspect.stderr);
  assert.match(inspect.stdout, /\n {2}name: "Stéve 🏹"\n/);
  assert.match(inspect.stdout, /history: \(records<game\.Position>, 65 items\)/);
  const json = await sp('inspect', 'player-v2.sp', '--path', 'history[64]', '--json');
  assert.equal(JSON.parse(json.stdout), { path: 'history[64]', value: { x: 4294967295, y: 0 } });
  const schema = await sp('schema', 'player-v2.sp');
  assert.match(schema.stdout, /\n {2}history: records<game\.Position>\n/);
  const ok2 = await sp('verify', 'player-v1.sp', 'player-v2.sp');
  assert.is(ok2.code, 0, ok2.stderr);
  const bad = await sp('verify', 'damaged.sp');
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /^savepack verify: CHECKSUM: /);
  const diff = await sp('diff', 'player-v1.sp', 'player-v2.sp', '--json');
  assert.is(diff.code, 1, diff.stderr);
  assert.ok(JSON.parse(diff.stdout).values.some((d: { path: string }) => d.path === 'level'));
  const server = await startView(join(app, 'node_modules/.bin/savepack'), 'player-v2.sp', app);
  try {
    const page = await fetch(new URL('/', server.url));
    assert.is(page.status, 200);
    assert.match(await page.text(), /viewer\.js/);
    assert.is((await fetch(new URL('/viewer.js', server.url))).status, 200);
    const file = new Uint8Array(await (await fetch(new URL('/file', server.url))).arrayBuffer());
    assert.is(file.length, readFileSync(join(app, 'player-v2.sp')).length);
  } finally {
    assert.is(await server.stop(), 0);
  }
});

test.run();
