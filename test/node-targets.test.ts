// savepack/node: what saveFile may replace (only a regular file, or nothing: never a FIFO, a
// device, a socket or a directory, also not through a symlink), and names that fit for every valid
// target name (255-byte names, multi-byte UTF-8 near the limit, with and without backups).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, SavepackError, t } from '../src/index.ts';
import { fsErrorCode, loadFile, saveFile } from '../src/node.ts';
import { tempStem } from '../src/node/names.ts';

const Note = t.struct('test.Note', { text: t.string, n: t.u32 });
const notes = codec(Note, { version: 0 });
const note = (n: number) => ({ text: `note ${n}`, n });

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
let root = '';
let k = 0;
/** A fresh empty directory. */
const freshDir = () => {
  const d = join(root, `d${k++}`);
  fs.mkdirSync(d);
  return d;
};
const ls = (d: string) => fs.readdirSync(d).sort();

test.before(() => {
  root = fs.mkdtempSync(join(tmpdir(), 'savepack-targets-'));
});
test.after(() => fs.rmSync(root, { recursive: true, force: true }));

/** Asserts that saving to `p` (with and without backup) is refused with IO, `fsCode`, a message matching `msg`, and `check()` still holds afterwards. */
async function refused(p: string, fsCode: string, msg: RegExp, check: () => void): Promise<void> {
  for (const backup of [false, true]) {
    let err: unknown;
    try {
      await saveFile(p, notes, note(1), { backup });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof SavepackError, `saving to ${p} (backup ${backup}) must be refused, got ${String(err)}`);
    assert.is(err.code, 'IO', err.message);
    assert.is(fsErrorCode(err), fsCode, err.message);
    assert.match(err.message, msg);
    assert.match(err.message, /nothing was changed/);
    check();
  }
}

test('a FIFO at the target is refused (IO, EINVAL) and stays a FIFO; nothing is created beside it', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  try {
    execFileSync('mkfifo', [p]);
  } catch (e) {
    console.log(`  SKIPPED: FIFO target test: mkfifo is not available here (${(e as Error).message.split('\n')[0]})`);
    return;
  }
  await refused(p, 'EINVAL', /is a FIFO, not a regular file/, () => {
    assert.ok(fs.lstatSync(p).isFIFO(), 'still a FIFO');
    assert.equal(ls(d), ['save.bin']);
  });
  // through a symlink too: the link and the FIFO stay
  fs.symlinkSync('save.bin', join(d, 'link.bin'));
  await refused(join(d, 'link.bin'), 'EINVAL', /is a FIFO/, () => {
    assert.ok(fs.lstatSync(join(d, 'link.bin')).isSymbolicLink());
    assert.ok(fs.lstatSync(p).isFIFO());
    assert.equal(ls(d), ['link.bin', 'save.bin']);
  });
});

test('a character device at the target (directly or through a symlink) is refused and stays a device', async () => {
  const devNull = fs.lstatSync('/dev/null', { throwIfNoEntry: false });
  if (!devNull?.isCharacterDevice()) {
    console.log('  SKIPPED: character device test: no /dev/null here');
    return;
  }
  const d = freshDir();
  // As root a save that is not refused would replace /dev/null itself: use a private twin of it
  // (mknod c 1 3) in the temporary directory instead. Without root /dev is not writable, so a link
  // to the real /dev/null is safe even if the check were missing.
  let dev: string;
  if (isRoot) {
    dev = join(d, 'null');
    const r = spawnSync('mknod', [dev, 'c', String(devNull.rdev >> 8 & 0xfff), String(devNull.rdev & 0xff)]);
    if (r.status !== 0 || !fs.lstatSync(dev, { throwIfNoEntry: false })?.isCharacterDevice()) {
      console.log(`  SKIPPED: character device test: running as root and mknod failed (${String(r.stderr ?? r.error)})`);
      return;
    }
    await refused(dev, 'EINVAL', /is a character device, not a regular file/, () => {
      assert.ok(fs.lstatSync(dev).isCharacterDevice(), 'still a device');
      assert.equal(ls(d), ['null']);
    });
  } else {
    dev = '/dev/null';
    await refused(dev, 'EINVAL', /is a character device/, () => assert.ok(fs.lstatSync('/dev/null').isCharacterDevice()));
  }
  const link = join(d, 'save.bin');
  fs.symlinkSync(dev, link);
  await refused(link, 'EINVAL', /is a character device/, () => {
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link stays');
    assert.ok(fs.lstatSync(dev).isCharacterDevice(), 'the device stays');
  });
  assert.ok(fs.lstatSync('/dev/null').isCharacterDevice());
  assert.is(fs.lstatSync('/dev/null').rdev, devNull.rdev);
});

test('a directory at the target, or at the .bak a backup would replace, is refused; nothing changes', async () => {
  const d = freshDir();
  const p = join(d, 'save.bin');
  fs.mkdirSync(p);
  await refused(p, 'EISDIR', /is a directory, not a regular file/, () => assert.equal(ls(d), ['save.bin']));
  assert.ok(fs.lstatSync(p).isDirectory());

  const d2 = freshDir();
  const q = join(d2, 'save.bin');
  await saveFile(q, notes, note(1));
  const before = fs.readFileSync(q);
  fs.mkdirSync(q + '.bak');
  let err: unknown;
  try {
    await saveFile(q, notes, note(2), { backup: true });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof SavepackError && fsErrorCode(err) === 'EISDIR', String(err));
  assert.match((err as Error).message, /save\.bin\.bak is a directory/);
  assert.ok(fs.readFileSync(q).equals(before), 'the save is unchanged');
  assert.equal(ls(d2), ['save.bin', 'save.bin.bak']);
  // without backup the .bak is not looked at
  await saveFile(q, notes, note(3));
  assert.equal(await loadFile(q, notes), note(3));
});

/** Saves `name` in a fresh directory `saves` times (with or without backup) and checks every file and name. */
async function saveMany(name: string, backup: boolean, saves = 4): Promise<string[]> {
  const d = freshDir();
  const p = join(d, name);
  for (let i = 1; i <= saves; i++) {
    await saveFile(p, notes, note(i), { backup });
    assert.equal(await loadFile(p, notes), note(i));
    const names = ls(d);
    assert.is(names.length, backup && i > 1 ? 2 : 1, `after save ${i}: ${names.map((x) => `${x} (${utf8(x)} bytes)`).join(', ')}`);
    for (const x of names) assert.ok(utf8(x) <= 255, `${utf8(x)}-byte name ${x}`);
    if (backup && i > 1) {
      const bak = names.find((x) => x !== name)!;
      assert.equal(await loadFile(join(d, bak), notes), note(i - 1), 'the backup is the previous save');
    }
  }
  return ls(d);
}

const LONG_NAMES: [string, string][] = [
  ['255 ASCII bytes', 'a'.repeat(247) + '.savegam'],
  ['251 ASCII bytes (name.bak is exactly 255)', 'b'.repeat(247) + '.sav'],
  ['252 ASCII bytes', 'c'.repeat(248) + '.sav'],
  ['85 x 3-byte CJK = 255 bytes', '日'.repeat(85)],
  ['63 x 4-byte emoji + 3 = 255 bytes', '😀'.repeat(63) + 'abc'],
  ['127 x 2-byte é + 1 = 255 bytes', 'é'.repeat(127) + 'x'],
  ['84 CJK + 2 = 254 bytes', '本'.repeat(84) + '.s'],
  ['33 CJK (99 bytes, temp stem kept whole)', '語'.repeat(33)],
  ['34 CJK (102 bytes, temp stem shortened)', '語'.repeat(34)],
];

for (const [what, name] of LONG_NAMES) {
  test(`long names: ${what}, several saves with and without backup`, async () => {
    assert.ok(utf8(name) <= 255);
    assert.equal(await saveMany(name, false), [name]);
    const both = await saveMany(name, true);
    const bak = both.find((x) => x !== name)!;
    if (utf8(name) + 4 <= 255) assert.is(bak, name + '.bak');
    else {
      assert.match(bak, /~[0-9a-f]{8}\.bak$/, bak);
      assert.ok(name.startsWith(bak.slice(0, bak.length - 13)), 'the backup keeps as much of the name as fits');
      assert.ok(utf8(bak) > 245, `${utf8(bak)} bytes`);
    }
  });
}

test('long names: two 255-byte names sharing a 250-byte prefix get distinct, stable backups and temporaries', async () => {
  const d = freshDir();
  const a = 'x'.repeat(250) + 'AAAAA', b = 'x'.repeat(250) + 'BBBBB';
  for (let i = 1; i <= 3; i++) {
    await saveFile(join(d, a), notes, note(i), { backup: true });
    await saveFile(join(d, b), notes, note(100 + i), { backup: true });
  }
  const names = ls(d);
  assert.is(names.length, 4, names.join('\n'));
  const baks = names.filter((x) => x.endsWith('.bak'));
  assert.equal(baks.map((x) => x.slice(0, 242)), ['x'.repeat(242), 'x'.repeat(242)]);
  assert.is.not(baks[0], baks[1]);
  assert.equal((await Promise.all(baks.map((x) => loadFile(join(d, x), notes)))).map((v) => v.n).sort(), [102, 2]);
  assert.is.not(tempStem(a), tempStem(b));
  assert.ok(utf8(tempStem(a)) <= 100);
});

test('long names: a stray temporary of a crashed save of a long-named file is cleaned by its next save', async () => {
  const d = freshDir();
  const name = '日'.repeat(85);
  await saveFile(join(d, name), notes, note(1));
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  const stray = `.${tempStem(name)}.${dead}.0123456789ab.tmp`;
  assert.ok(utf8(stray) <= 255);
  fs.writeFileSync(join(d, stray), 'partial');
  await saveFile(join(d, name), notes, note(2));
  assert.equal(ls(d), [name]);
});

test.run();
