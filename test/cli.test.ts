// The savepack CLI's file commands (inspect, schema, diff, verify, view) over the golden files and
// hostile corpus files (the same SavepackError code and path as decode), JSON output parsed, exit
// codes (0 ok, 1 invalid file / check failed / files differ, 2 usage), `view` serving the viewer and
// the file on 127.0.0.1, and the README's console blocks. `sp` runs the CLI as a real child process,
// bundled as the package ships it (test/helpers/cli-build.ts); `cli` runs the same main() in this
// process (most cases: a child process costs ~0.3 s). test/package.test.ts runs it through npx.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, fingerprint, inspect, RecordArray, SavepackError, t } from '../src/index.ts';
import { Player } from '../examples/player.ts';
import { buildCli, runCli, startView, type CliRun } from './helpers/cli-build.ts';
import { runMain } from './helpers/cli-main.ts';
import { repoRoot } from './browser/docs-snippets.ts';

let dir = '';
let bin = '';
const golden = (name: string) => join(repoRoot, 'test/fixtures', name);
const hostile = (name: string) => join(repoRoot, 'test/hostile', name);
/** Runs the built CLI as a child process in the temporary folder. */
const sp = (...args: string[]) => runCli(bin, args, dir);
/** Runs the CLI's main() in this process, in folder `cwd`; output collected, no colours. */
const cli = (args: string[], cwd = dir): Promise<CliRun> => runMain(args, cwd);

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'savepack-cli-'));
  bin = await buildCli();
});
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

test('inspect: header facts, the type, the value with big lists cut to a count and the first rows', async () => {
  const r = sp('inspect', golden('player-v2.sp'));
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, '');
  assert.match(r.stdout, /data version: +2\n/);
  assert.match(r.stdout, /flags: +0x3 \(schema, checksum, uncompressed\)/);
  assert.match(r.stdout, /type: +struct game\.Player\n/);
  assert.match(r.stdout, /\n {2}name: "Stéve 🏹"\n/);
  assert.match(r.stdout, /\n {2}weapon: \{ kind: "Bow", range: 40 \}\n/);
  assert.match(r.stdout, /\n {2}history: \(records<game\.Position>, 65 items\)\n {4}\[0\] \{ x: 0, y: 1000 \}\n/);
  assert.match(r.stdout, /\n {4}… 55 more\n$/);
  assert.not.match(r.stdout, /\x1b\[/, 'no colours when stdout is not a terminal');
  const rows = await cli(['inspect', golden('player-v2.sp'), '--rows', '2']);
  assert.match(rows.stdout, /\[1\] \{ x: 3, y: 999 \}\n {4}… 63 more\n$/);
  const coloured = runCli(bin, ['inspect', golden('player-v2.sp')], dir, { FORCE_COLOR: '1', NO_COLOR: '' });
  assert.match(coloured.stdout, /\x1b\[36mname\x1b\[39m/, 'FORCE_COLOR colours the names');
});

test('inspect: control characters in strings are escaped, long strings cut', async () => {
  const c = codec(t.struct('x.Note', { text: t.string, long: t.string }), { version: 0 });
  writeFileSync(join(dir, 'note.sp'), c.encode({ text: 'red\x1b[31m\nline', long: 'y'.repeat(500) }));
  const r = await cli(['inspect', 'note.sp']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /text: "red\\u001b\[31m\\nline"/);
  assert.match(r.stdout, /long: "y{100}…" \(500 chars\)/);
});

test('inspect --json: the whole value as data (bigints and records included); --path reads one part', async () => {
  const r = sp('inspect', golden('player-v2.sp'), '--json');
  assert.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.is(j.dataVersion, 2);
  assert.is(j.formatVersion, 1);
  assert.is(j.checksum, true);
  assert.is(j.type, 'struct game.Player');
  assert.equal(j.value.weapon, { kind: 'Bow', range: 40 });
  assert.is(j.value.history.length, 65);
  assert.equal(j.value.history[64], { x: 4294967295, y: 0 });
  const p = JSON.parse((await cli(['inspect', golden('player-v2.sp'), '--path', 'history[64].x', '--json'])).stdout);
  assert.equal(p, { path: 'history[64].x', value: 4294967295 });
  const human = await cli(['inspect', golden('player-v2.sp'), '--path', 'stats']);
  assert.is(human.stdout, 'stats: { hp: 80, mana: 40 }\n');
  const big = codec(t.struct('x.Big', { n: t.u64 }), { version: 0 });
  writeFileSync(join(dir, 'big.sp'), big.encode({ n: 2n ** 64n - 1n }));
  assert.equal(JSON.parse((await cli(['inspect', 'big.sp', '--json'])).stdout).value, { n: '18446744073709551615' });
});

test('inspect --path: a path that is not in the file is INVALID_VALUE on stderr, exit 1', async () => {
  const r = await cli(['inspect', golden('player-v2.sp'), '--path', 'nope']);
  assert.is(r.code, 1);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /^savepack inspect: INVALID_VALUE at nope: struct game\.Player has no field "nope"/);
});

test('schema: the stored schema as indented text; --json with the fingerprint', async () => {
  const r = await cli(['schema', golden('player-v1.sp')]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /: data version 1\nstruct game\.Player\n {2}name: string\n {2}level: u16\n/);
  assert.match(r.stdout, /\n {2}class: enum game\.Class \(u8\)\n {4}Warrior = 0\n {4}Mage = 1\n {4}Rogue = 2\n/);
  const j = JSON.parse((await cli(['schema', golden('player-v2-deflate.sp'), '--json'])).stdout);
  assert.is(j.dataVersion, 2);
  assert.is(j.fingerprint, fingerprint(Player, 2));
  assert.ok(j.lines.includes('  history: records<game.Position>'));
});

test('verify: every golden file passes (exit 0); one bad file among several exits 1', async () => {
  const files = ['player-v0.sp', 'player-v1.sp', 'player-v2.sp', 'player-v2-deflate.sp', 'player-v2-nochecksum.sp', 'compact-v0.bin', 'units-v0.bin'];
  const r = sp('verify', ...files.map(golden));
  assert.is(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n').slice(0, -1);
  assert.is(lines.length, files.length);
  lines.forEach((l, i) => assert.match(l, new RegExp(`^ok .*${files[i]!.replace('.', '\\.')}: data version \\d+, .*decoded in full$`)));
  assert.match(lines[4]!, /no checksum in the file \(not verified\)/);
  const strict = await cli(['verify', golden('player-v2-nochecksum.sp'), '--require-checksum']);
  assert.is(strict.code, 1);
  assert.match(strict.stderr, /^savepack verify: CHECKSUM: /);
  const mixed = await cli(['verify', golden('player-v2.sp'), hostile('bool-2.sp'), '--json']);
  assert.is(mixed.code, 1);
  assert.equal(mixed.stdout.split('\n').slice(0, -1).map((l) => JSON.parse(l).ok), [true, false]);
});

test('hostile corpus: verify and inspect give the SavepackError code and path decode gives', async () => {
  const manifest = JSON.parse(readFileSync(hostile('manifest.json'), 'utf8')) as { file: string; expect: { code?: string; path?: string } }[];
  const picked = ['checksum-flip.sp', 'bad-magic.sp', 'utf8-ff.sp', 'bool-2.sp', 'union-9.sp', 'string-len-2^32-1.sp', 'records-len-2^31.sp'];
  const r = sp('verify', '--json', ...picked.map(hostile));
  assert.is(r.code, 1);
  const results = r.stdout.split('\n').slice(0, -1).map((l) => JSON.parse(l));
  assert.is(results.length, picked.length);
  picked.forEach((name, i) => {
    const e = manifest.find((x) => x.file === name);
    assert.ok(e?.expect.code, `${name} is in the manifest with an error`);
    assert.is(results[i].ok, false, name);
    assert.is(results[i].code, e!.expect.code, `${name}: code`);
    if (e!.expect.path !== undefined) assert.is(results[i].path, e!.expect.path, `${name}: path`);
  });
  assert.not.match(r.stdout + r.stderr, /[\x00-\x08\x0b-\x1f\x7f]/, 'no control characters');
  assert.match(r.stderr, /^savepack verify: .*checksum-flip\.sp: CHECKSUM: /);
  const i = await cli(['inspect', hostile('utf8-ff.sp')]);
  assert.is(i.code, 1);
  assert.match(i.stderr, /^savepack inspect: INVALID_DATA at h\.Str\.s: /);
  const noSchema = codec(t.struct('x.P', { a: t.u8 }), { version: 0, schemaHeader: false });
  writeFileSync(join(dir, 'bare.sp'), noSchema.encode({ a: 1 }));
  const bare = await cli(['schema', 'bare.sp']);
  assert.is(bare.code, 1);
  assert.match(bare.stderr, /^savepack schema: NOT_SUPPORTED: /);
});

test('hostile corpus, every committed file: verify gives exactly the outcome of inspect() (which test/inspect.test.ts ties to decode)', async () => {
  const manifest = JSON.parse(readFileSync(hostile('manifest.json'), 'utf8')) as { file?: string; input?: string; options: Record<string, unknown> }[];
  const files = manifest.filter((e) => e.file && (e.input ?? 'bytes') === 'bytes' && !e.options.limits && !e.options.requireChecksum).map((e) => e.file!);
  assert.ok(files.length > 60, `${files.length} files`);
  const r = await cli(['verify', '--json', ...files.map(hostile)]);
  const lines = r.stdout.split('\n').slice(0, -1).map((l) => JSON.parse(l) as { ok: boolean; code?: string; path?: string });
  assert.is(lines.length, files.length);
  files.forEach((f, i) => {
    let want: { ok: boolean; code?: string; path?: string } = { ok: true };
    try { inspect(readFileSync(hostile(f))); } catch (e) { want = { ok: false, code: (e as SavepackError).code, path: (e as SavepackError).path }; }
    assert.is(lines[i]!.ok, want.ok, f);
    if (!want.ok) assert.equal([lines[i]!.code, lines[i]!.path], [want.code, want.path], f);
  });
});

test('diff: schema differences with advice, then value differences by path; exit 1 when different, 0 when the same', async () => {
  const r = await cli(['diff', golden('player-v1.sp'), golden('player-v2.sp')]);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stdout, /^data version: 1 -> 2\n/);
  assert.match(r.stdout, /game\.Player\.playtime: u32 in file, f64 expected/);
  assert.match(r.stdout, /game\.Player\.arrows: field missing in file/);
  assert.match(r.stdout, /\n {2}~ level: 300 -> 301\n/);
  assert.match(r.stdout, /\n {2}\+ arrows: 24\n/);
  const j = JSON.parse((await cli(['diff', golden('player-v1.sp'), golden('player-v2.sp'), '--json'])).stdout);
  assert.is(j.same, false);
  assert.equal(j.dataVersions, [1, 2]);
  assert.match(j.schema, /playtime/);
  assert.ok(j.values.some((d: { path: string; a: unknown; b: unknown }) => d.path === 'stats.hp' && d.a === 90 && d.b === 80));
  const same = sp('diff', golden('player-v2.sp'), golden('player-v2-deflate.sp'));
  assert.is(same.code, 0, same.stdout + same.stderr);
  assert.is(same.stdout, 'schema: the same\nvalues: the same\n');
  // One record changed among many: found by path.
  const P = t.struct('x.Pos', { x: t.u32, y: t.u32 });
  const H = codec(t.struct('x.H', { history: t.records(P) }), { version: 0 });
  const rows = Array.from({ length: 1000 }, (_, i) => ({ x: i, y: i }));
  writeFileSync(join(dir, 'h1.sp'), H.encode({ history: RecordArray.from(P, rows) }));
  rows[777] = { x: 777, y: 0 };
  writeFileSync(join(dir, 'h2.sp'), H.encode({ history: RecordArray.from(P, rows) }));
  const d = await cli(['diff', 'h1.sp', 'h2.sp']);
  assert.is(d.code, 1);
  assert.match(d.stdout, /values: 1 difference\n {2}~ history\[777\]\.y: 777 -> 0\n$/);
});

test('usage errors exit 2 with the usage on stderr', async () => {
  for (const args of [['frobnicate'], ['inspect', 'a', 'b'], ['diff', golden('player-v2.sp')], ['inspect', golden('player-v2.sp'), '--rows', '0']]) {
    const r = await cli(args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /usage/, args.join(' '));
  }
  const help = await cli(['--help']);
  assert.is(help.code, 0);
  for (const c of ['inspect', 'schema', 'diff', 'verify', 'view', 'lock']) assert.match(help.stdout, new RegExp(`savepack ${c} `));
  const bad = sp('frobnicate');
  assert.is(bad.code, 2, 'the binary exits 2 on a usage mistake');
  assert.match(bad.stderr, /^savepack: unknown command "frobnicate"\nusage:\n/);
  const missing = await cli(['verify', join(dir, 'no-such.sp')]);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /^savepack verify: IO: cannot read .*no such file/);
});

test('README "Looking inside a save": every console block is what the command prints today', async () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('## Looking inside a save');
  assert.ok(start >= 0, 'README has the chapter');
  const chapter = readme.slice(start, readme.indexOf('\n## ', start + 10));
  const blocks = [...chapter.matchAll(/```console\n\$ npx savepack (.*)\n([\s\S]*?)```/g)];
  assert.ok(blocks.length >= 5, `console blocks: ${blocks.length}`);
  for (const [, command, shown] of blocks) {
    const r = await cli(command!.split(' '), join(repoRoot, 'test/fixtures'));
    assert.is(r.stdout + r.stderr, shown, `savepack ${command}`);
  }
});

test('view: serves the viewer and the file on 127.0.0.1 until stopped, nothing else', async () => {
  const server = await startView(bin, golden('player-v2.sp'), dir);
  try {
    const url = new URL(server.url);
    assert.is(url.hostname, '127.0.0.1');
    assert.is(url.searchParams.get('file'), '/file');
    assert.is(url.searchParams.get('name'), 'player-v2.sp');
    const page = await fetch(new URL('/', url));
    assert.is(page.status, 200);
    assert.match(await page.text(), /<script src="viewer\.js" defer><\/script>/);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const js = await fetch(new URL('/viewer.js', url));
    assert.is(js.status, 200);
    assert.ok((await js.text()).length > 1000);
    const file = new Uint8Array(await (await fetch(new URL('/file', url))).arrayBuffer());
    assert.equal(file, new Uint8Array(readFileSync(golden('player-v2.sp'))));
    for (const p of ['/package.json', '/%2e%2e/package.json', '/viewer.ts', '/cli/savepack.js']) assert.is((await fetch(new URL(p, url))).status, 404, p);
  } finally {
    assert.is(await server.stop(), 0, 'exit code after SIGTERM');
  }
});

test.run();
