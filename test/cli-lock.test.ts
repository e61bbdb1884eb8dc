// `savepack lock` as a real child process (the CLI from src/ under tsx; test/package.test.ts runs
// the built one from the tarball): writing a lock file, --check passing, a released schema edited
// without a version bump failing with the diff on stderr, a new version passing, exit codes.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const CLI = fileURLToPath(new URL('../src/cli/savepack.ts', import.meta.url));
const INDEX = pathToFileURL(fileURLToPath(new URL('../src/index.ts', import.meta.url))).href;
const TSX = import.meta.resolve('tsx');
let dir = '';

test.before(() => { dir = mkdtempSync(join(tmpdir(), 'savepack-cli-')); });
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

/** Runs `savepack ...args` in the temporary folder. */
const savepack = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
/** Writes the game module: `hp` typed `hpType`, codec at `version`, plus a non-codec export. */
/** Starts a test without a lock file. */
const fresh = () => { for (const f of ['savepack.lock.json', 'other.lock.json']) rmSync(join(dir, f), { force: true }); };
const game = (hpType: string, version: number, extra = '') => writeFileSync(join(dir, 'game.ts'), `
import { codec, t } from '${INDEX}';
export const Hero = codec(t.struct('game.Hero', { name: t.string, hp: t.field(t.${hpType}, { since: 1 })${extra} }), { version: ${version} });
export const Item = codec(t.enum('game.Item', ['Rope', 'Lamp']), { version: 0 });
export const answer = 42;
`);

test('lock writes every exported codec; --check passes on the same schemas', () => {
  fresh();
  game('u16', 1);
  const w = savepack('lock', 'game.ts');
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
  const c = savepack('lock', 'game.ts', '--check');
  assert.is(c.code, 0, c.stderr);
  assert.match(c.stdout, /2 codecs match/);
});

test('lock --check: a released version edited without a version bump exits 1 with the diff', () => {
  fresh();
  game('u16', 1);
  assert.is(savepack('lock', 'game.ts').code, 0);
  game('u32', 1); // retyped, version not bumped
  const c = savepack('lock', 'game.ts', '--check');
  assert.is(c.code, 1);
  assert.is(c.stdout, '');
  assert.match(c.stderr, /Hero: version 1: the stored shape of a released version changed/);
  assert.match(c.stderr, /game\.Hero\.hp/);
  assert.match(c.stderr, /locked: struct game\.Hero\{name:string,hp:u16\}/);
  assert.match(c.stderr, /now: +struct game\.Hero\{name:string,hp:u32\}/);
  // Writing refuses too (the lock is not touched) unless forced.
  const before = readFileSync(join(dir, 'savepack.lock.json'), 'utf8');
  assert.is(savepack('lock', 'game.ts').code, 1);
  assert.is(readFileSync(join(dir, 'savepack.lock.json'), 'utf8'), before);
  assert.is(savepack('lock', 'game.ts', '--force').code, 0);
  assert.is(savepack('lock', 'game.ts', '--check').code, 0);
});

test('lock --check: a new version is fine; --export locks one codec; a dropped codec is a problem', () => {
  fresh();
  game('u16', 1);
  assert.is(savepack('lock', 'game.ts').code, 0);
  game('u16', 2, `, mp: t.field(t.u8, { since: 2 })`);
  const c = savepack('lock', 'game.ts', '--check');
  assert.is(c.code, 0, c.stderr);
  assert.match(c.stdout, /not yet locked: Hero up to version 2/);
  assert.is(savepack('lock', 'game.ts', '--export', 'Hero', '--file', 'other.lock.json').code, 0);
  assert.equal(Object.keys(JSON.parse(readFileSync(join(dir, 'other.lock.json'), 'utf8')).codecs), ['Hero']);
  writeFileSync(join(dir, 'game.ts'), readFileSync(join(dir, 'game.ts'), 'utf8').replace('export const Item', 'const Item'));
  const d = savepack('lock', 'game.ts', '--check');
  assert.is(d.code, 1);
  assert.match(d.stderr, /Item: locked, but game\.ts no longer exports it/);
});

test('exit code 2 for usage mistakes, 1 for a damaged lock file (SavepackError code on stderr)', () => {
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
    const r = savepack(...args);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
  writeFileSync(join(dir, 'broken.json'), '{"format":"savepack-lock/1","codecs":{"Hero":{"0":{}}}}');
  const b = savepack('lock', 'game.ts', '--check', '--file', 'broken.json');
  assert.is(b.code, 1);
  assert.match(b.stderr, /^savepack lock: INVALID_VALUE: .*broken\.json is not a savepack lock file/);
  rmSync(join(dir, 'none.json'), { force: true });
  const n = savepack('lock', 'game.ts', '--check', '--file', 'none.json');
  assert.is(n.code, 1);
  assert.match(n.stderr, /no lock file/);
  assert.not.ok(existsSync(join(dir, 'none.json')));
});

test.run();
