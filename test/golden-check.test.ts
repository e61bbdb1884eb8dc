// savepack/testing's goldenCheck: the project's own golden files checked with it (the files of
// test/golden-check/, written once by goldenCheck, and the player saves of test/fixtures at the
// versions whose values today's shape can hold), plus writing, verifying and tampering in a
// temporary folder. goldenCheck never writes into the repo here (write: false).

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, RecordArray, SavepackError } from '../src/index.ts';
import { goldenCheck } from '../src/testing.ts';
import { CURRENT_VERSION, Player, Position } from '../examples/player.ts';
import { Save, SAVE_VERSION, saveSample } from './golden-check/save.ts';

const HERE = fileURLToPath(new URL('golden-check/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('fixtures/', import.meta.url));
const sha256 = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
let tmp = '';

test.before(() => { tmp = mkdtempSync(join(tmpdir(), 'savepack-golden-')); });
test.after(() => { rmSync(tmp, { recursive: true, force: true }); });

test('test/golden-check: the files goldenCheck wrote once are unchanged and still verify', () => {
  assert.equal(Object.fromEntries(readdirSync(HERE).filter((f) => f.endsWith('.sp')).sort().map((f) => [f, sha256(join(HERE, f))])), {
    'golden.Save-v0.sp': '01c9962a71ecb284962a048c6d7518dcaa51c5ade4e15a55b10b7bb7f865cdc6',
    'golden.Save-v1.sp': 'bcd4906347e7206c7500c5bc4e0b13243f82ab18ce63ee224ba22a2cda5ce00c',
    'golden.Save-v2.sp': '60e170efede44c3d73748e243f4f547f1ddbf3d52e55eea65b8cace8c4a3eace',
  }, 'golden files were modified or regenerated: restore them from git');
  for (const compile of [true, false]) {
    const report = goldenCheck(HERE, codec(Save, { version: SAVE_VERSION, compile }), saveSample, { write: false });
    assert.equal(report, { written: [], verified: ['golden.Save-v0.sp', 'golden.Save-v1.sp', 'golden.Save-v2.sp'] });
  }
});

test('test/fixtures: the player saves of versions 1 and 2 verify with goldenCheck', () => {
  // Version 0 held `strength`, which today's shape no longer has: its sample cannot reproduce it.
  const history = () => {
    const h = new RecordArray(Position, 65);
    for (let i = 0; i < 64; i++) h.push({ x: i * 3, y: 1000 - i });
    h.push({ x: 0xffffffff, y: 0 });
    return h;
  };
  const samples = {
    1: {
      name: 'Steve', level: 300, playtime: 2.5, class: 'Rogue', stats: { hp: 90, mana: 30 },
      inventory: ['wallet', 'lockpick'], skills: ['Whistling', 'Stealth'],
      weapon: { kind: 'Fists' }, arrows: 0, history: new RecordArray(Position, 0), online: false,
    },
    2: {
      name: 'Stéve 🏹', level: 301, playtime: 3.25, class: 'Rogue', stats: { hp: 80, mana: 40 },
      inventory: ['wallet', 'lockpick', 'épée'], skills: ['Whistling', 'Stealth', 'Archery'],
      weapon: { kind: 'Bow', range: 40 }, arrows: 24, history: history(), online: false,
    },
  } as const;
  const report = goldenCheck(FIXTURES, codec(Player, { version: CURRENT_VERSION }), samples as never, { name: 'player', versions: [1, 2], write: false });
  assert.equal(report, { written: [], verified: ['player-v1.sp', 'player-v2.sp'] });
});

test('goldenCheck: writes each version once, never overwrites, then verifies', () => {
  const dir = join(tmp, 'fresh');
  const c = codec(Save, { version: SAVE_VERSION });
  assert.equal(goldenCheck(dir, c, saveSample), { written: ['golden.Save-v0.sp', 'golden.Save-v1.sp', 'golden.Save-v2.sp'], verified: [] });
  const before = readFileSync(join(dir, 'golden.Save-v1.sp'));
  assert.equal(goldenCheck(dir, c, saveSample), { written: [], verified: ['golden.Save-v0.sp', 'golden.Save-v1.sp', 'golden.Save-v2.sp'] });
  assert.equal(readFileSync(join(dir, 'golden.Save-v1.sp')), before, 'not rewritten');
  // The same files as the committed ones: the encoder is deterministic.
  for (const f of ['golden.Save-v0.sp', 'golden.Save-v1.sp', 'golden.Save-v2.sp']) assert.is(sha256(join(dir, f)), sha256(join(HERE, f)), f);
});

test('goldenCheck: a tampered file, a changed sample and a missing file fail with every problem listed', () => {
  const dir = join(tmp, 'tamper');
  const c = codec(Save, { version: SAVE_VERSION, checksum: false });
  goldenCheck(dir, c, saveSample);
  const p = join(dir, 'golden.Save-v1.sp');
  const b = readFileSync(p);
  b[b.length - 1] ^= 1; // the last item's last character
  writeFileSync(p, b);
  rmSync(join(dir, 'golden.Save-v2.sp'));
  const err = (() => { try { goldenCheck(dir, c, saveSample, { write: false }); } catch (e) { return e; } })();
  assert.instance(err, SavepackError);
  assert.is((err as SavepackError).code, 'INVALID_DATA');
  assert.match((err as SavepackError).message, /golden\.Save-v1\.sp: loads to another value than the sample; today's encoder writes other bytes/);
  assert.match((err as SavepackError).message, /golden\.Save-v2\.sp: missing/);
  assert.not.match((err as SavepackError).message, /golden\.Save-v0\.sp/);
  // A sample that no longer matches what was recorded (the encoder's input changed).
  const changed = (k: number) => ({ ...saveSample(k), gold: 1 });
  const err2 = (() => { try { goldenCheck(dir, c, changed, { versions: [0] }); } catch (e) { return e; } })();
  assert.match((err2 as Error).message, /golden\.Save-v0\.sp: loads to another value than the sample/);
  // With a checksum, the damaged file no longer loads at all.
  const dir2 = join(tmp, 'tamper-checksum');
  const c2 = codec(Save, { version: SAVE_VERSION });
  goldenCheck(dir2, c2, saveSample);
  const p2 = join(dir2, 'golden.Save-v0.sp');
  const b2 = readFileSync(p2); b2[40] ^= 0xff; writeFileSync(p2, b2);
  const err3 = (() => { try { goldenCheck(dir2, c2, saveSample); } catch (e) { return e; } })() as SavepackError;
  assert.match(err3.message, /golden\.Save-v0\.sp: no longer loads: CHECKSUM/);
  assert.is((err3.cause as SavepackError).code, 'CHECKSUM');
});

test('goldenCheck: bad arguments are INVALID_VALUE', () => {
  const c = codec(Save, { version: SAVE_VERSION });
  const code = (f: () => unknown) => { try { f(); } catch (e) { return (e as SavepackError).code; } return 'none'; };
  assert.is(code(() => goldenCheck(join(tmp, 'a'), c, { 0: saveSample(0) })), 'INVALID_VALUE', 'no sample for version 1');
  assert.is(code(() => goldenCheck(join(tmp, 'b'), c, saveSample, { versions: [3] })), 'INVALID_VALUE', 'version past the codec');
  assert.is(code(() => goldenCheck(join(tmp, 'c'), c, saveSample, { name: '../x' })), 'INVALID_VALUE', 'a name with a slash');
});

test.run();
