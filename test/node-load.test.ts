// savepack/node loadFile: missing file, directory and damaged file are distinct errors, value paths
// survive the file prefix, and permission problems on load and save (old file intact).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codec, SavepackError, t } from '../src/index.ts';
import { fsErrorCode, loadFile, saveFile } from '../src/node.ts';
import { IO_CODE } from '../src/node/errors.ts';
import { alice, bytesOf, isRoot, ls, rejects, sameBytes, saves, tempDirs } from './helpers/node-files.ts';

const { root, freshDir, cleanup } = tempDirs('savepack-node-');
test.after(cleanup);

test('loadFile: missing file, directory, damaged file are distinct errors', async () => {
  const d = freshDir();
  const missing = await rejects(loadFile(join(d, 'none.bin'), saves), IO_CODE, /no file at/);
  assert.is(fsErrorCode(missing), 'ENOENT');
  assert.is((missing.cause as NodeJS.ErrnoException).path, join(d, 'none.bin'));

  const dir = await rejects(loadFile(d, saves), IO_CODE, /is a directory/);
  assert.is(fsErrorCode(dir), 'EISDIR');

  const p = join(d, 'save.bin');
  await saveFile(p, saves, alice);
  const good = bytesOf(p);

  const flipped = good.slice();
  flipped[40]! ^= 1;
  writeFileSync(p, flipped);
  const damaged = await rejects(loadFile(p, saves), 'CHECKSUM');
  assert.ok(damaged.message.includes(p), damaged.message);
  assert.ok(damaged.cause instanceof SavepackError);
  assert.is(fsErrorCode(damaged), undefined);

  writeFileSync(p, good.subarray(0, good.length - 3));
  const cut = await rejects(loadFile(p, saves), 'TRUNCATED');
  assert.ok(cut.message.startsWith(`TRUNCATED: ${p}: `), cut.message);

  writeFileSync(p, 'not a save file at all, just some text');
  await rejects(loadFile(p, saves), 'BAD_MAGIC');
  writeFileSync(p, '');
  await rejects(loadFile(p, saves), 'TRUNCATED');

  const other = codec(t.struct('test.Other', { x: t.u8 }), { version: 0 });
  await saveFile(p, other, { x: 1 });
  await rejects(loadFile(p, saves), 'SCHEMA_MISMATCH', /test\.Other/);

  await saveFile(p, saves, alice);
  await rejects(loadFile(p, saves, { maxBytes: 10 }), 'LIMIT_EXCEEDED');
});

test('loadFile: a value path survives the file prefix', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  const S = t.struct('test.Flag', { ok: t.bool });
  const c = codec(S, { version: 0, checksum: false });
  await saveFile(p, c, { ok: true });
  const b = bytesOf(p);
  b[b.length - 1] = 7;
  writeFileSync(p, b);
  const e = await rejects(loadFile(p, c), 'INVALID_DATA');
  assert.is(e.path, (e.cause as SavepackError).path);
  assert.ok(e.message.includes(p));
});

type PermOutcome = { ok: boolean; savepack?: boolean; code?: string; fs?: string; message?: string };
/** Runs test/helpers/node-perm-child.ts (as uid/gid 65534 when we are root) with `[op, path]` pairs, in one process; returns each outcome. */
function unprivileged(...ops: ['load' | 'save', string][]): PermOutcome[] {
  const child = fileURLToPath(new URL('./helpers/node-perm-child.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, ...ops.flat()], {
    encoding: 'utf8',
    ...(isRoot ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: tmpdir() } } : {}),
  });
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').slice(-ops.length);
  assert.is(lines.length, ops.length, r.stdout);
  return lines.map((l) => JSON.parse(l) as PermOutcome);
}

test('permission problems: unreadable file on load, unwritable directory on save (old file intact)', async () => {
  if (process.platform === 'win32') return;
  const d = freshDir();
  fs.chmodSync(root, 0o755);
  fs.chmodSync(d, 0o755);
  const unreadable = join(d, 'locked.bin');
  const p = join(d, 'save.bin');
  await saveFile(unreadable, saves, alice);
  await saveFile(p, saves, alice);
  fs.chmodSync(unreadable, 0o000);
  const before = bytesOf(p);
  // One child process for both (a process under tsx costs ~1 s): the load, then the save.
  const [load, save] = unprivileged(['load', unreadable], ['save', p]);
  assert.equal([load!.ok, load!.savepack, load!.code, load!.fs], [false, true, IO_CODE, 'EACCES']);
  assert.match(load!.message!, /permission denied/);

  assert.equal([save!.ok, save!.savepack, save!.code, save!.fs], [false, true, IO_CODE, 'EACCES']);
  assert.ok(sameBytes(bytesOf(p), before));
  assert.equal(ls(d), ['locked.bin', 'save.bin']);
});


test.run();
