// `savepack lock` as a real child process (the CLI from src/ under tsx, ~0.5 s a run, hence the slow
// suite): the exit codes and streams a shell sees for a written lock, a passing and a failing
// --check, and a usage mistake. test/cli-lock.test.ts checks the command's behaviour in full through
// main() in its own process; test/package.test.ts runs the built CLI from the tarball.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/** Writes the game module: `hp` typed `hpType`. */
const game = (hpType: string) => writeFileSync(join(dir, 'game.ts'), `
import { codec, t } from '${INDEX}';
export const Hero = codec(t.struct('game.Hero', { name: t.string, hp: t.field(t.${hpType}, { since: 1 }) }), { version: 1 });
`);

test('child process: lock writes (exit 0), --check passes (0), a retyped released version fails (1, diff on stderr), usage (2)', () => {
  game('u16');
  const w = savepack('lock', 'game.ts');
  assert.is(w.code, 0, w.stderr);
  assert.match(w.stdout, /wrote .*savepack\.lock\.json/);
  assert.is(JSON.parse(readFileSync(join(dir, 'savepack.lock.json'), 'utf8')).codecs.Hero[1].fingerprint, 'struct game.Hero{name:string,hp:u16}');
  const c = savepack('lock', 'game.ts', '--check');
  assert.is(c.code, 0, c.stderr);
  assert.match(c.stdout, /1 codec match/);
  game('u32');
  const f = savepack('lock', 'game.ts', '--check');
  assert.is(f.code, 1);
  assert.is(f.stdout, '');
  assert.match(f.stderr, /Hero: version 1: the stored shape of a released version changed/);
  const u = savepack('lock', 'game.ts', '--wat');
  assert.is(u.code, 2);
  assert.match(u.stderr, /unknown option --wat/);
});

test.run();
