// `savepack lock` through the CLI's main() in this process (test/heavy-cli-lock.test.ts runs it as a
// real child process under tsx; test/package.test.ts runs the built one from the tarball): writing
// a lock file, --check passing, a released schema edited without a version bump failing with the
// diff on stderr, a new version passing, exit codes. Each edit of the game module goes to a fresh
// folder (the .json files copied along), so that this process's module cache never serves an old one.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runMain } from './helpers/cli-main.ts';

const INDEX = pathToFileURL(fileURLToPath(new URL('../src/index.ts', import.meta.url))).href;
let root = '';
let dir = '';
let edits = 0;

test.before(() => { root = mkdtempSync(join(tmpdir(), 'savepack-cli-')); dir = root; });
test.after(() => { rmSync(root, { recursive: true, force: true }); });

/** Runs `savepack ...args` (main() in this process) in the current folder; output collected. */
const savepack = (...args: string[]) => runMain(args, dir);
/** Writes game.ts with `text` into a fresh folder that becomes the current one, the .json files copied along. */
const writeGame = (text: string) => {
  const next = join(root, `v${++edits}`);
  mkdirSync(next);
  for (const f of readdirSync(dir)) if (f.endsWith('.json')) copyFileSync(join(dir, f), join(next, f));
  dir = next;
  writeFileSync(join(dir, 'game.ts'), text);
};
/** Starts a test without a lock file. */
const fresh = () => { for (const f of ['savepack.lock.json', 'other.lock.json']) rmSync(join(dir, f), { force: true }); };
/** Writes the game module: `hp` typed `hpType`, codec at `version`, plus a non-codec export. */
const game = (hpType: string, version: number, extra = '') => writeGame(`
import { codec, t } from '${INDEX}';
export const Hero = codec(t.struct('game.Hero', { name: t.string, hp: t.field(t.${hpType}, { since: 1 })${extra} }), { version: ${version} });
export const Item = codec(t.enum('game.Item', ['Rope', 'Lamp']), { version: 0 });
export const answer = 42;
`);

test('lock writes every exported codec; --check passes on the same schemas', async () => {
  fresh();
  game('u16', 1);
  const w = await savepack('lock', 'game.ts');
  assert.is(w.code, 0, w.stderr);
  assert.match(w.stdout, /wrote .*savepack\.lock\.json/);
  const file = JSON.parse(readFileSync(join(dir, 'savepack.lock.json'), 'utf8'));
  assert.equal(file, {
    format: 'savepack-lock/1',
    codecs: {
      Hero: {
        0: { fingerprint: 'struct game.Hero{name:string}', schema: '150967616d652e4865726f01046e616d650c' },
        1: { fingerprint: 'struct game.Hero{name:string,hp:u16}', schema: '150967616d652e4865726f02046e616d650c02687003' },
      },
      Item: { 0: { fingerprint: 'enum game.Item:u8{Rope=0,Lamp=1}', schema: file.codecs.Item[0].schema } },
    },
  });
  const c = await savepack('lock', 'game.ts', '--check');
  assert.is(c.code, 0, c.stderr);
  assert.match(c.stdout, /2 codecs match/);
});

test('lock --check: a released version edited without a version bump exits 1 with the diff', async () => {
  fresh();
  game('u16', 1);
  assert.is((await savepack('lock', 'game.ts')).code, 0);
  game('u32', 1); // retyped, version not bumped
  const c = await savepack('lock', 'game.ts', '--check');
  assert.is(c.code, 1);
  assert.is(c.stdout, '');
  assert.match(c.stderr, /Hero: version 1: the stored shape of a released version changed/);
  assert.match(c.stderr, /game\.Hero\.hp/);
  assert.match(c.stderr, /locked: struct game\.Hero\{name:string,hp:u16\}/);
  assert.match(c.stderr, /now: +struct game\.Hero\{name:string,hp:u32\}/);
  // Writing refuses too (the lock is not touched) unless forced.
  const before = readFileSync(join(dir, 'savepack.lock.json'), 'utf8');
  assert.is((await savepack('lock', 'game.ts')).code, 1);
  assert.is(readFileSync(join(dir, 'savepack.lock.json'), 'utf8'), before);
  assert.is((await savepack('lock', 'game.ts', '--force')).code, 0);
  assert.is((await savepack('lock', 'game.ts', '--check')).code, 0);
});

test('lock --check: a new version is fine; --export locks one codec; a dropped codec is a problem', async () => {
  fresh();
  game('u16', 1);
  assert.is((await savepack('lock', 'game.ts')).code, 0);
  game('u16', 2, `, mp: t.field(t.u8, { since: 2 })`);
  const c = await savepack('lock', 'game.ts', '--check');
  assert.is(c.code, 0, c.stderr);
  assert.match(c.stdout, /not yet locked: Hero up to version 2/);
  assert.is((await savepack('lock', 'game.ts', '--export', 'Hero', '--file', 'other.lock.json')).code, 0);
  assert.equal(Object.keys(JSON.parse(readFileSync(join(dir, 'other.lock.json'), 'utf8')).codecs), ['Hero']);
  writeGame(readFileSync(join(dir, 'game.ts'), 'utf8').replace('export const Item', 'const Item'));
  const d = await savepack('lock', 'game.ts', '--check');
  assert.is(d.code, 1);
  assert.match(d.stderr, /Item: locked, but game\.ts no longer exports it/);
});

test('exit code 2 for usage mistakes, 1 for a damaged lock file (SavepackError code on stderr)', async () => {
  game('u16', 1);
  const cases: [string[], RegExp][] = [
    [[], /usage:/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['lock'], /which module/],
    [['lock', 'game.ts', '--wat'], /unknown option --wat/],
    [['lock', 'missing.mjs'], /no module at missing\.mjs/],
    [['lock', 'game.ts', '--export', 'answer'], /export "answer" of game\.ts is not a savepack codec/],
    [['lock', 'game.ts', '--file'], /--file needs a value/],
  ];
  for (const [args, message] of cases) {
    const r = await savepack(...args);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
  writeFileSync(join(dir, 'broken.json'), '{"format":"savepack-lock/1","codecs":{"Hero":{"0":{}}}}');
  const b = await savepack('lock', 'game.ts', '--check', '--file', 'broken.json');
  assert.is(b.code, 1);
  assert.match(b.stderr, /^savepack lock: INVALID_VALUE: .*broken\.json is not a savepack lock file/);
  rmSync(join(dir, 'none.json'), { force: true });
  const n = await savepack('lock', 'game.ts', '--check', '--file', 'none.json');
  assert.is(n.code, 1);
  assert.match(n.stderr, /no lock file/);
  assert.not.ok(existsSync(join(dir, 'none.json')));
});

test.run();
