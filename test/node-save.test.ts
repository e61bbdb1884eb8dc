// savepack/node saveFile: atomic saves, backups, failures that leave the old save intact, symlinks,
// cleaning of temporaries left by crashed saves, concurrent saves.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codec, t } from '../src/index.ts';
import { fsErrorCode, loadFile, saveFile } from '../src/node.ts';
import { IO_CODE } from '../src/node/errors.ts';
import { saveFileWith } from '../src/node/save.ts';
import { STALE_MS, tempPattern } from '../src/node/temp.ts';
import { alice, bob, bytesOf, carol, failing, ls, rejects, sameBytes, saves, tempDirs, type P } from './helpers/node-files.ts';

const { freshDir, cleanup } = tempDirs('savepack-node-');
test.after(cleanup);

test('round trip: saveFile writes exactly the encoded bytes, loadFile decodes them', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  await saveFile(p, saves, alice);
  assert.ok(sameBytes(bytesOf(p), saves.encode(alice)));
  assert.equal(await loadFile(p, saves), alice);
  await saveFile(p, saves, bob);
  assert.equal(await loadFile(p, saves), bob);
  assert.equal(ls(d), ['save.bin']);
});

test('version option writes the older layout (downgrade)', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  await saveFile(p, saves, bob, { version: 0 });
  assert.ok(sameBytes(bytesOf(p), saves.encode(bob, { version: 0 })));
  assert.is(new DataView(bytesOf(p).buffer).getUint32(12, true), 0, 'data version in the header');
  const v0 = codec(t.struct('test.Player', { name: t.string, level: t.u32 }), { version: 0 });
  assert.equal(await loadFile(p, v0), { name: 'bob', level: 7 });
  assert.equal(await loadFile(p, saves), { name: 'bob', level: 7, skills: [] });
});

test('backup keeps the replaced save as .bak; none when there was nothing to replace', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  await saveFile(p, saves, alice, { backup: true });
  assert.equal(ls(d), ['save.bin']);
  await saveFile(p, saves, bob, { backup: true });
  assert.equal(ls(d), ['save.bin', 'save.bin.bak']);
  assert.equal(await loadFile(p + '.bak', saves), alice);
  assert.equal(await loadFile(p, saves), bob);
  await saveFile(p, saves, carol, { backup: true });
  assert.equal(await loadFile(p + '.bak', saves), bob);
  assert.equal(await loadFile(p, saves), carol);
  // without backup the .bak is left as it was
  await saveFile(p, saves, alice);
  assert.equal(await loadFile(p + '.bak', saves), bob);
  // .bak is its own file, not a link to the live save
  assert.is(fs.statSync(p + '.bak').nlink, 1);
  assert.is(fs.statSync(p).nlink, 1);
});

test('backup falls back to copying where hard links are not supported', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  await saveFile(p, saves, alice);
  await saveFileWith(failing('link', 'EPERM'), p, saves, bob, { backup: true });
  assert.equal(await loadFile(p + '.bak', saves), alice);
  assert.equal(await loadFile(p, saves), bob);
  assert.equal(ls(d), ['save.bin', 'save.bin.bak']);
});

test('a value that does not fit the schema: INVALID_VALUE, old file untouched, nothing written', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  await saveFile(p, saves, alice);
  const before = bytesOf(p);
  await rejects(saveFile(p, saves, { ...bob, level: -1 }), 'INVALID_VALUE');
  await rejects(saveFile(p, saves, { ...bob, skills: ['ok', 5] } as unknown as P), 'INVALID_VALUE');
  assert.ok(sameBytes(bytesOf(p), before));
  assert.equal(ls(d), ['save.bin']);
});

test('encode throwing mid-way (a getter, a custom encoder): old file untouched, no temporary', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  await saveFile(p, saves, alice, { backup: true });
  const before = bytesOf(p);
  const boom = { name: 'x', level: 1, get skills(): string[] { throw new Error('boom'); } };
  const e = await rejects(saveFile(p, saves, boom, { backup: true }), 'INVALID_VALUE');
  assert.ok(e.cause instanceof Error);
  const Wrapped = t.struct('test.W', { big: t.bytes, tail: t.custom(t.u32, { name: 'test.Fail', encode: (): number => { throw new Error('nope'); }, decode: (x: number) => x }) });
  await rejects(saveFile(p, codec(Wrapped, { version: 0 }), { big: new Uint8Array(1 << 20), tail: 1 }), 'INVALID_VALUE');
  assert.ok(sameBytes(bytesOf(p), before));
  assert.equal(ls(d), ['save.bin']);
});

for (const [op, code, partial] of [
  ['writeNew', 'ENOSPC', async (path: string, bytes: Uint8Array) => writeFileSync(path, bytes.subarray(0, bytes.length >> 1))],
  ['writeNew', 'EIO', undefined],
  ['link', 'EIO', undefined],
  ['copyNew', 'ENOSPC', undefined],
  ['rename', 'EIO', undefined],
] as const) {
  test(`a failing ${op} (${code}): IO error naming the step, old file and .bak untouched, no temporary`, async () => {
    const d = freshDir();
    const p = join(d, 'save.bin');
    await saveFile(p, saves, alice);
    await saveFile(p, saves, bob, { backup: true });
    const before = bytesOf(p);
    const bak = bytesOf(p + '.bak');
    const ops = op === 'copyNew' ? { ...failing('copyNew', code), link: failing('link', 'ENOTSUP').link } : failing(op, code, partial);
    const e = await rejects(saveFileWith(ops, p, saves, carol, { backup: true }), IO_CODE, /previous file is unchanged/);
    assert.is(fsErrorCode(e), code);
    assert.ok(sameBytes(bytesOf(p), before));
    assert.ok(sameBytes(bytesOf(p + '.bak'), bak));
    assert.equal(ls(d), ['save.bin', 'save.bin.bak']);
  });
}

test('a backup save after a save that failed at its rename leaves no second name behind', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  await saveFile(p, saves, alice);
  await rejects(saveFileWith(failing('rename', 'EIO'), p, saves, bob, { backup: true }), IO_CODE);
  // (the failing rename also failed the .bak rename; make .bak a link of the live file the real way)
  fs.linkSync(p, p + '.bak');
  await saveFile(p, saves, carol, { backup: true });
  assert.equal(ls(d), ['save.bin', 'save.bin.bak']);
  assert.equal(await loadFile(p + '.bak', saves), alice);
  assert.equal(await loadFile(p, saves), carol);
});

test('directory fsync: unsupported (EINVAL) is ignored, a real failure (EIO) is reported after the rename', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  await saveFileWith(failing('syncDir', 'EINVAL'), p, saves, alice);
  assert.equal(await loadFile(p, saves), alice);
  const e = await rejects(saveFileWith(failing('syncDir', 'EIO'), p, saves, bob), IO_CODE, /replaced by the new save/);
  assert.is(fsErrorCode(e), 'EIO');
  assert.equal(await loadFile(p, saves), bob);
  assert.equal(ls(d), ['save.bin']);
});

test('saving over a directory, or into a missing directory: IO, nothing created', async () => {
  const d = freshDir();
  fs.mkdirSync(join(d, 'save.bin'));
  const e = await rejects(saveFile(join(d, 'save.bin'), saves, alice), IO_CODE);
  assert.is(fsErrorCode(e), 'EISDIR');
  assert.equal(ls(d), ['save.bin']);
  const e2 = await rejects(saveFile(join(d, 'nope', 'save.bin'), saves, alice), IO_CODE);
  assert.is(fsErrorCode(e2), 'ENOENT');
});

test('saving through a symlink replaces the file it points to and keeps the link; mode is kept', async () => {
  const d = freshDir();
  const real = join(d, 'real.bin');
  const link = join(d, 'link.bin');
  await saveFile(real, saves, alice);
  fs.chmodSync(real, 0o640);
  fs.symlinkSync('real.bin', link);
  await saveFile(link, saves, bob, { backup: true });
  assert.ok(fs.lstatSync(link).isSymbolicLink());
  assert.equal(await loadFile(real, saves), bob);
  assert.equal(await loadFile(real + '.bak', saves), alice);
  assert.is(fs.statSync(real).mode & 0o777, 0o640);
  assert.equal(ls(d), ['link.bin', 'real.bin', 'real.bin.bak']);
});

test('stray temporaries of crashed saves are removed by the next save of that file only', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  await saveFile(p, saves, alice);
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // exited: its pid is free
  const strays = [
    `.save.bin.${dead}.0123456789ab.tmp`,
    `.save.bin.${dead}.0123456789ac.bak.tmp`,
    `.save.bin.${process.pid}.0123456789ad.tmp`, // ours, not in flight: a leftover
    `.save.bin.${process.ppid}.0123456789ae.tmp`, // a live process's: maybe a concurrent save, old → removed
  ];
  const kept = [
    `.save.bin.${process.ppid}.0123456789af.tmp`, // a live process's, recent: left alone
    `.other.bin.${dead}.0123456789ab.tmp`, // another target's
    `.save.bin.${dead}.xyz.tmp`, // not our pattern
    'save.bin.tmp',
  ];
  for (const s of [...strays, ...kept]) writeFileSync(join(d, s), 'partial');
  const old = (Date.now() - STALE_MS - 60_000) / 1000;
  fs.utimesSync(join(d, strays[3]!), old, old);
  await saveFile(p, saves, bob);
  assert.equal(ls(d), ['save.bin', ...kept].sort());
  assert.equal(await loadFile(p, saves), bob);
  assert.ok(tempPattern('save.bin').test(strays[0]!));
  assert.not.ok(tempPattern('save.bin').test(kept[1]!));
});

test('concurrent saves to one file: every one completes, the file holds one of the values, no temporaries', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  const values = Array.from({ length: 20 }, (_, i) => ({ name: `p${i}`, level: i, skills: ['x'.repeat(i * 1000)] }));
  await saveFile(p, saves, alice);
  await Promise.all(values.map((v) => saveFile(p, saves, v, { backup: true })));
  const got = await loadFile(p, saves);
  assert.ok(values.some((v) => v.name === got.name && v.skills[0] === got.skills[0]));
  await loadFile(p + '.bak', saves);
  assert.equal(ls(d), ['save.bin', 'save.bin.bak']);
});


test.run();
