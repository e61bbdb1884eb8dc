// The golden files: the game save (examples/player.ts) as savepack wrote it at data versions 0,
// 1 and 2, plus a deflated and a checksum-less version-2 file. They were written once by
// test/fixtures/make-v2.ts and are never regenerated (see test/fixtures/README.md).
//
// For each file, with today's code:
//  - its SHA-256 is the one recorded here (nobody regenerated or edited it);
//  - today's codec (current version, compiled and interpreted) reads every value exactly;
//  - today's encoder writes exactly the file's bytes for the same value at that version, both
//    with the schema as it stood then and with today's schema via encode(v, { version: k }).
// When one of the last checks fails, the format changed: bump the container format version and
// keep the old reader (FORMAT.md, "Compatibility"), never regenerate the file.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, RecordArray, type CodecOptions, type Schema } from '../src/index.ts';
import { both, hex, norm } from './helpers/codecs.ts';
import { CURRENT_VERSION, Player, PlayerV0, PlayerV1, Position } from '../examples/player.ts';

const read = (name: string) => new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// The values as written (in the shape of the schema of that version)...
const writtenV0 = {
  name: 'Steve', strength: 42, level: 7, playtime: 5400, class: 'Mage', stats: { hp: 100 },
  inventory: ['wallet', 'car keys', 'glasses'], weapon: { kind: 'Sword', damage: 12 },
};
const writtenV1 = {
  name: 'Steve', level: 300, playtime: 9000, class: 'Rogue', stats: { hp: 90, mana: 30 },
  inventory: ['wallet', 'lockpick'], skills: ['Whistling', 'Stealth'], weapon: { kind: 'Fists' },
};
const history = () => {
  const h = new RecordArray(Position, 65);
  for (let i = 0; i < 64; i++) h.push({ x: i * 3, y: 1000 - i });
  h.push({ x: 0xffffffff, y: 0 });
  return h;
};
const writtenV2 = () => ({
  name: 'Stéve 🏹', level: 301, playtime: 3.25, class: 'Rogue', stats: { hp: 80, mana: 40 },
  inventory: ['wallet', 'lockpick', 'épée'], skills: ['Whistling', 'Stealth', 'Archery'],
  weapon: { kind: 'Bow', range: 40 }, arrows: 24, history: history(), // (make-v2.ts also passed online: true, never stored)
});

// ...and as today's code loads them (every field, exactly).
const noHistory = () => new RecordArray(Position, 0);
const loadedV0 = () => ({
  name: 'Steve', level: 7, playtime: 1.5, class: 'Mage', stats: { hp: 100, mana: 50 },
  inventory: ['wallet', 'car keys', 'glasses'], skills: ['Whistling', 'Magic missile'],
  weapon: { kind: 'Sword', damage: 12 }, arrows: 0, history: noHistory(), online: false,
});
const loadedV1 = () => ({
  name: 'Steve', level: 300, playtime: 2.5, class: 'Rogue', stats: { hp: 90, mana: 30 },
  inventory: ['wallet', 'lockpick'], skills: ['Whistling', 'Stealth'],
  weapon: { kind: 'Fists' }, arrows: 0, history: noHistory(), online: false,
});
const loadedV2 = () => ({ ...writtenV2(), online: false });

interface Golden {
  file: string;
  sha256: string;
  version: number;
  /** Header flags: bit 0 schema, bit 1 checksum, bits 2-3 compression. */
  flags: number;
  /** How the release of that version wrote it: its schema, codec options and value. */
  schema: Schema;
  opts: Partial<CodecOptions>;
  written: unknown;
  loaded: () => unknown;
  /** What today's codec writes back at that version for the loaded value (when it is not the file itself). */
  rewritten?: unknown;
}

const GOLDEN: Golden[] = [
  {
    file: 'player-v0.sp', sha256: '5231612fd1307bfb1ce1b2b28efd7d0b376e56ecafd3936713423ea76941d723',
    version: 0, flags: 0b0011, schema: PlayerV0, opts: {}, written: writtenV0, loaded: loadedV0,
    rewritten: { ...writtenV0, strength: 0 }, // strength is read and skipped: written back as its zero value
  },
  {
    file: 'player-v1.sp', sha256: '3bc5794dd0cbdad044eee004d212cc791b73fef58f8c53131005f0b33af5594b',
    version: 1, flags: 0b0011, schema: PlayerV1, opts: {}, written: writtenV1, loaded: loadedV1,
  },
  {
    file: 'player-v2.sp', sha256: '3e382e6e02d26a280c6771a67718f9f79baaf2295c7a25677156a3f9151f903a',
    version: 2, flags: 0b0011, schema: Player, opts: {}, written: writtenV2(), loaded: loadedV2,
  },
  {
    file: 'player-v2-deflate.sp', sha256: '865bba4e29267b9a8630d5f8189b4ef420f41aeaf1592a1876b9b95b0251db50',
    version: 2, flags: 0b0111, schema: Player, opts: { compress: 'deflate' }, written: writtenV2(), loaded: loadedV2,
  },
  {
    file: 'player-v2-nochecksum.sp', sha256: '6cd0db167e67d13eb67ed2c6fef92be5f26b677ae5b73eaaedcfed81888dc09e',
    version: 2, flags: 0b0001, schema: Player, opts: { checksum: false }, written: writtenV2(), loaded: loadedV2,
  },
];

const FORMAT_CHANGED = (file: string, how: string) =>
  `FORMAT CHANGE: ${how} ${file}. Files that released versions wrote must keep loading: bump the container ` +
  'format version and keep the old reader (FORMAT.md, "Compatibility"). Never regenerate the golden file.';

for (const g of GOLDEN) {
  test(`golden ${g.file}: unchanged on disk, header as written`, () => {
    const bytes = read(g.file);
    assert.is(sha256(bytes), g.sha256, `${g.file} was modified or regenerated: restore it from git; golden files are never rewritten`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.is(new TextDecoder().decode(bytes.subarray(0, 8)), 'savepack');
    assert.is(view.getUint16(8, true), 1, 'container format version');
    assert.is(view.getUint16(10, true), g.flags, 'flags');
    assert.is(view.getUint32(12, true), g.version, 'data version');
  });

  test(`golden ${g.file}: today's codec (version ${CURRENT_VERSION}) reads every value`, () => {
    const bytes = read(g.file);
    const { compiled, interpreted } = both(Player, { version: CURRENT_VERSION });
    for (const c of [compiled, interpreted]) {
      const value = c.decode(bytes);
      assert.equal(norm(value), norm(g.loaded()), `${g.file} (${c.compiled ? 'compiled' : 'interpreted'})`);
      assert.ok(value.history instanceof RecordArray);
      assert.is(value.history.schema, Position);
    }
  });

  test(`golden ${g.file}: the schema of version ${g.version} still reads it`, () => {
    const { compiled, interpreted } = both(g.schema, { version: g.version });
    const expected = g.schema === Player ? g.loaded() : g.written; // today's schema: `online` is never stored
    for (const c of [compiled, interpreted]) assert.equal(norm(c.decode(read(g.file))), norm(expected));
  });

  test(`golden ${g.file}: today's encoder writes the same bytes`, () => {
    const bytes = read(g.file);
    if (g.opts.compress === 'deflate') {
      // First the format: header, schema section and the inflated payload, compared with today's
      // uncompressed file (any deflate encoder may produce another stream for the same payload).
      const plain = codec(g.schema, { version: g.version, ...g.opts, compress: 'none' }).encode(g.written as never);
      const pv = new DataView(plain.buffer), fv = new DataView(bytes.buffer, bytes.byteOffset);
      const start = (32 + pv.getUint32(16, true) + 7) & ~7;
      assert.is(hex(bytes.subarray(16, 20)), hex(plain.subarray(16, 20)), FORMAT_CHANGED(g.file, 'the schema section length differs from'));
      assert.is(hex(bytes.subarray(32, start)), hex(plain.subarray(32, start)), FORMAT_CHANGED(g.file, 'the schema section differs from'));
      assert.is(fv.getUint32(24, true), pv.getUint32(20, true), FORMAT_CHANGED(g.file, 'the raw payload length differs from'));
      const inflated = inflateRawSync(bytes.subarray(start, start + fv.getUint32(20, true)));
      assert.is(hex(inflated), hex(plain.subarray(start, start + pv.getUint32(20, true))), FORMAT_CHANGED(g.file, 'the payload differs from'));
    }
    for (const compile of [true, false]) {
      const then = codec(g.schema, { version: g.version, ...g.opts, compile });
      const msg = g.opts.compress === 'deflate'
        ? `the deflate stream of ${g.file} differs while its header, schema and inflated payload match: the compressor changed, not the format`
        : FORMAT_CHANGED(g.file, `the schema of version ${g.version} no longer encodes the bytes of`);
      assert.is(hex(then.encode(g.written as never)), hex(bytes), msg);
      const today = codec(Player, { version: CURRENT_VERSION, ...g.opts, compile });
      const expected = g.rewritten ? then.encode(g.rewritten as never) : bytes;
      assert.is(hex(today.encode(today.decode(bytes), { version: g.version })), hex(expected), FORMAT_CHANGED(g.file, `encode(value, { version: ${g.version} }) no longer writes the bytes of`));
    }
  });
}

test('every golden file is listed, and every version up to the current one has one', () => {
  const versions = new Set(GOLDEN.map((g) => g.version));
  for (let v = 0; v <= CURRENT_VERSION; v++) assert.ok(versions.has(v), `no golden file of data version ${v}`);
  assert.ok(GOLDEN.some((g) => g.flags === 0b0111), 'a deflated file');
  assert.ok(GOLDEN.some((g) => g.flags === 0b0001), 'a file without checksum');
});

test.run();
