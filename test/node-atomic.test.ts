// The atomic replacement shared by saveFile and the log file (src/node/atomic-write.ts): a log's
// creation and upgrade get saveFile's rename retry (Windows' transient EPERM/EACCES/EBUSY, made to
// happen here through injected file-system primitives), its cleanup of temporaries on failure,
// and its symlink and mode keeping.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { codec, RecordArray, t } from '../src/index.ts';
import { fsErrorCode, loadFile, openLog } from '../src/node.ts';
import { nodeFs, type FsOps } from '../src/node/fs-ops.ts';
import { openLogWith } from '../src/node/log-file.ts';
import { saveFileWith } from '../src/node/save.ts';
import { alice, bob, bytesOf, failing, ls, rejects, sameBytes, saves, tempDirs } from './helpers/node-files.ts';

const { freshDir, cleanup } = tempDirs('savepack-atomic-');
test.after(cleanup);

const Step0 = t.struct('test.AStep', { x: t.u16 });
const Step = t.struct('test.AStep', { x: t.u16, y: t.field(t.u16, { since: 1, default: 7 }) });
const v0 = codec(t.records(Step0), { version: 0 });
const v1 = codec(t.records(Step), { version: 1 });

/** The real file system whose first rename fails with `code`; `renames()` counts the calls. */
function refusedOnce(code: string): FsOps & { renames: () => number } {
  let n = 0;
  return {
    ...nodeFs,
    rename: async (a, b) => {
      if (n++ === 0) throw Object.assign(new Error(`${code}: injected failure, rename`), { code });
      return nodeFs.rename(a, b);
    },
    renames: () => n,
  };
}

/** A version-0 log of three chunks at `path` (an upgrade with v1 rewrites it). */
async function oldLog(path: string): Promise<void> {
  const log = await openLog(path, v0, { create: true });
  for (let i = 0; i < 3; i++) await log.append(RecordArray.from(Step0, [{ x: i * 2 }, { x: i * 2 + 1 }]));
  await log.close();
}

/** An upgrade of a fresh old log through `ops` (renames retried), which must fail with IO `code` and leave the old log byte for byte, alone. */
async function failedUpgrade(ops: FsOps, code: string): Promise<{ d: string; path: string }> {
  const d = freshDir();
  const path = join(d, 'moves.splog');
  await oldLog(path);
  const before = bytesOf(path);
  const e = await rejects(openLogWith(ops, path, v1, { upgrade: true }, true), 'IO', /previous log is unchanged/);
  assert.is(fsErrorCode(e), code);
  assert.ok(sameBytes(bytesOf(path), before));
  assert.equal(ls(d), ['moves.splog']);
  return { d, path };
}

test('log creation: a rename refused once with EPERM is retried; without retries it is IO and leaves nothing', async () => {
  const d = freshDir();
  const path = join(d, 'a.splog');
  const ops = refusedOnce('EPERM');
  const log = await openLogWith(ops, path, v0, { create: true }, true);
  assert.is(ops.renames(), 2);
  await log.append(RecordArray.from(Step0, [{ x: 5 }]));
  await log.close();
  assert.equal(ls(d), ['a.splog']);
  const e = await rejects(openLogWith(refusedOnce('EPERM'), join(d, 'b.splog'), v0, { create: true }, false), 'IO', /creating the log/);
  assert.is(fsErrorCode(e), 'EPERM');
  assert.equal(ls(d), ['a.splog']);
});

test('log upgrade: a rename refused once with EPERM is retried; a failing rename (EIO) leaves the old log byte for byte', async () => {
  const { d, path } = await failedUpgrade(failing('rename', 'EIO'), 'EIO');
  const ops = refusedOnce('EBUSY');
  const up = await openLogWith(ops, path, v1, { upgrade: true }, true);
  assert.is(ops.renames(), 2);
  assert.is(up.version, 1);
  assert.equal((await up.read()).toArray().map((s) => s.x), [0, 1, 2, 3, 4, 5]);
  await up.close();
  assert.equal(ls(d), ['moves.splog']);
});

test('log upgrade: the temporary failing partway (ENOSPC after its first chunk) leaves the old log and no temporary', async () => {
  const partial = async (p: string, data: Uint8Array | AsyncIterable<Uint8Array>) => {
    if (data instanceof Uint8Array) throw new Error('expected the upgrade to push its chunks');
    for await (const c of data) { fs.writeFileSync(p, c); break; } // stops reading: the upgrade's next write is refused
  };
  const { path } = await failedUpgrade(failing('writeNew', 'ENOSPC', partial), 'ENOSPC');
  const again = await openLog(path, v0); // still the version-0 log, whole
  assert.is(again.length, 6);
  await again.close();
});

test('log upgrade through a symlink replaces the file it points to, keeps the link and the mode', async () => {
  const d = freshDir();
  const real = join(d, 'real.splog');
  const link = join(d, 'link.splog');
  await oldLog(real);
  fs.chmodSync(real, 0o640);
  fs.symlinkSync('real.splog', link);
  const up = await openLog(link, v1, { upgrade: true });
  await up.close();
  assert.ok(fs.lstatSync(link).isSymbolicLink());
  assert.is(fs.statSync(real).mode & 0o777, 0o640);
  const log = await openLog(real, v1);
  assert.is(log.version, 1);
  await log.close();
  assert.equal(ls(d), ['link.splog', 'real.splog']);
});

test('saveFile: a rename refused once with EACCES is retried when renames are retried, IO when not', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  const ops = refusedOnce('EACCES');
  await saveFileWith(ops, p, saves, alice, {}, true);
  assert.is(ops.renames(), 2);
  assert.equal(await loadFile(p, saves), alice);
  const e = await rejects(saveFileWith(refusedOnce('EACCES'), p, saves, bob, {}, false), 'IO', /while renaming over the target/);
  assert.is(fsErrorCode(e), 'EACCES');
  assert.equal(await loadFile(p, saves), alice);
  assert.equal(ls(d), ['save.bin']);
});

test('log creation and upgrade: a directory fsync that fails (EIO, after the rename) is not an error for a log, unlike saveFile', async () => {
  const d = freshDir();
  const path = join(d, 'dirsync.splog');
  const ops = failing('syncDir', 'EIO');
  const log = await openLogWith(ops, path, v0, { create: true }, true);
  await log.append(RecordArray.from(Step0, [{ x: 1 }, { x: 2 }]));
  await log.close();
  const up = await openLogWith(ops, path, v1, { upgrade: true }, true);
  assert.is(up.version, 1);
  assert.equal((await up.read()).toArray(), [{ x: 1, y: 7 }, { x: 2, y: 7 }]);
  await up.close();
  assert.equal(ls(d), ['dirsync.splog']);
  await rejects(saveFileWith(ops, join(d, 'save.bin'), saves, alice), 'IO', /replaced by the new save/);
});

test.run();
