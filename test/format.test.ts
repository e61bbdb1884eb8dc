// The container: exact bytes (so the format cannot drift silently) and every header check.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, decodeSchema, diffSchema, encodeSchema, schemaAt, t } from '../src/index.ts';
import { hex, throwsCode } from './helpers/codecs.ts';

const Pos = t.struct('game.Position', { x: t.u32, y: t.u32 });
const bare = { schemaHeader: false, checksum: false } as const;
const HEADER = (flags: string, version: string, s: string, p: string, r = p) =>
  `736176657061636b0100${flags}${version}${s}${p}${r}00000000`;

test('exact bytes: FORMAT.md example (schema + checksum)', () => {
  const b = codec(Pos, { version: 2 }).encode({ x: 1, y: 2 });
  assert.is(hex(b),
    HEADER('0300', '02000000', '16000000', '08000000') +
    '150d67616d652e506f736974696f6e02017804017904' + '0000' + '0100000002000000' + '3b45ab695f4be5c0');
});

test('exact bytes: no schema, no checksum', () => {
  const b = codec(Pos, { version: 2, ...bare }).encode({ x: 1, y: 2 });
  assert.is(hex(b), HEADER('0000', '02000000', '00000000', '08000000') + '0100000002000000');
});

test('exact bytes: payload encodings of each kind', () => {
  const body = (schema: Parameters<typeof codec>[0], value: unknown) => hex(codec(schema, { version: 0, ...bare }).encode(value as never)).slice(64);
  assert.is(body(t.string, 'hé'), '03' + '68c3a9');
  assert.is(body(t.string, ''), '00');
  assert.is(body(t.vec(t.u16), [1, 258]), '02' + '0100' + '0201');
  assert.is(body(t.vec(t.u8), new Array(200).fill(0)), 'c801' + '00'.repeat(200));
  assert.is(body(t.option(t.u8), undefined), '00');
  assert.is(body(t.option(t.u8), 5), '0105');
  assert.is(body(t.bool, true), '01');
  assert.is(body(t.i16, -2), 'feff');
  assert.is(body(t.u64, 1n), '0100000000000000');
  assert.is(body(t.f64, 1), '000000000000f03f');
  assert.is(body(t.enum('e.E', { a: 0, b: 258 }, { size: 'u16' }), 'b'), '0201');
  assert.is(body(t.union('e.U', { A: t.unit, B: { v: t.u8 } }), { kind: 'B', v: 9 }), '0109');
  assert.is(body(t.map(t.string, t.u8), new Map([['k', 1]])), '01016b01');
  assert.is(body(t.tuple(t.u8, t.bool), [7, false]), '0700');
  assert.is(body(t.canary, undefined), '53504359');
  // typed: count, then zero padding to the element size (measured from the payload start)
  assert.is(body(t.struct('e.T', { a: t.u8, v: t.typed('f32') }), { a: 1, v: new Float32Array([1]) }), '01' + '01' + '0000' + '0000803f');
  assert.is(body(t.typed('f64'), new Float64Array([2])), '01' + '00000000000000' + '0000000000000040');
});

test('schema section: exact bytes of a struct with every kind', () => {
  const S = t.struct('s.All', {
    a: t.bool, b: t.vec(t.option(t.string)), c: t.array(t.i8, 2), d: t.tuple(t.u16, t.f32), e: t.map(t.u32, t.bytes),
    f: t.enum('s.E', ['x', 'y'], { size: 'u16' }), g: t.union('s.U', { P: t.unit, Q: { q: t.i64 } }), h: t.typed('u64'),
    i: t.records(t.struct('s.R', { r: t.f64 })), j: t.custom(t.u8, { name: 's.C', encode: (x: number) => x, decode: (x) => x }),
    k: t.unit, l: t.canary,
  });
  const str = (s: string) => (s.length.toString(16).padStart(2, '0')) + hex(new TextEncoder().encode(s));
  const expected = '15' + str('s.All') + '0c' +
    str('a') + '01' + str('b') + '11' + '12' + '0c' + str('c') + '10' + '02' + '06' + str('d') + '13' + '02' + '03' + '0a' +
    str('e') + '14' + '04' + '0d' + str('f') + '16' + str('s.E') + '01' + '02' + str('x') + '00' + str('y') + '01' +
    str('g') + '17' + str('s.U') + '00' + '02' + str('P') + '00' + '00' + str('Q') + '01' + '01' + '01' + str('q') + '09' +
    str('h') + '18' + '06' + str('i') + '19' + '15' + str('s.R') + '01' + str('r') + '0b' + str('j') + '1b' + str('s.C') + '02' +
    str('k') + '0e' + str('l') + '0f';
  assert.is(hex(encodeSchema(schemaAt(S, 0))), expected);
  const back = decodeSchema(encodeSchema(schemaAt(S, 0)));
  assert.is(diffSchema(back, S), undefined);
});

test('schema section: recursion through t.lazy is a back-reference', () => {
  const Node: any = t.struct('s.Node', { v: t.u8, next: t.option(t.lazy(() => Node)) });
  const str = (s: string) => (s.length.toString(16).padStart(2, '0')) + hex(new TextEncoder().encode(s));
  assert.is(hex(encodeSchema(schemaAt(Node, 0))), '15' + str('s.Node') + '02' + str('v') + '02' + str('next') + '12' + '1a00');
  assert.is(diffSchema(decodeSchema(encodeSchema(schemaAt(Node, 0))), Node), undefined);
});

const c = codec(Pos, { version: 2 });
const good = c.encode({ x: 1, y: 2 });

test('truncation at every byte offset is TRUNCATED', () => {
  for (const opts of [{}, { checksum: false }, { schemaHeader: false, checksum: false }, { compress: 'deflate' as const }]) {
    const k = codec(Pos, { version: 2, ...opts });
    const bytes = k.encode({ x: 1, y: 2 });
    for (let n = 0; n < bytes.length; n++) throwsCode(() => k.decode(bytes.subarray(0, n)), 'TRUNCATED');
  }
});

test('every single-bit flip of a checksummed file is detected', () => {
  const counts: Record<string, number> = {};
  for (let i = 0; i < good.length * 8; i++) {
    const bad = good.slice();
    bad[i >> 3]! ^= 1 << (i & 7);
    try {
      c.decode(bad);
      assert.unreachable(`bit ${i} flip decoded`);
    } catch (e: any) {
      assert.is(e.name, 'SavepackError', `bit ${i}: ${e}`);
      counts[e.code] = (counts[e.code] ?? 0) + 1;
      // Past the fixed header (schema section, payload, trailer) every flip is a checksum failure;
      // flips in the header's magic/format/flags/version/lengths fail their own check first.
      if (i >= 32 * 8) assert.is(e.code, 'CHECKSUM', `bit ${i}`);
    }
  }
  assert.ok(counts.CHECKSUM! >= (good.length - 32) * 8, JSON.stringify(counts));
});

test('wrong magic is BAD_MAGIC; other format version is UNSUPPORTED_FORMAT', () => {
  throwsCode(() => c.decode(new TextEncoder().encode('{"json": true}')), 'BAD_MAGIC');
  throwsCode(() => c.decode(new Uint8Array(0)), 'TRUNCATED');
  const f = good.slice(); f[8] = 2;
  throwsCode(() => c.decode(f), 'UNSUPPORTED_FORMAT', '', /format version 2/);
  const g = good.slice(); g[11] = 0x80;
  throwsCode(() => c.decode(g), 'UNSUPPORTED_FORMAT');
});

test('a file newer than the codec is NEWER_VERSION with both numbers', () => {
  const old = codec(Pos, { version: 1 });
  throwsCode(() => old.decode(good), 'NEWER_VERSION', '', /version 2.*version 1/);
});

test('a file of another schema is SCHEMA_MISMATCH with the diff', () => {
  const Other = t.struct('game.Position', { x: t.u32, y: t.u16 });
  const e = throwsCode(() => codec(Other, { version: 2 }).decode(good), 'SCHEMA_MISMATCH', 'game.Position');
  assert.match(e.message, 'game.Position.y: u32 in file, u16 expected');
  const Renamed = t.struct('game.Pos', { x: t.u32, y: t.u32 });
  assert.match(throwsCode(() => codec(Renamed, { version: 2 }).decode(good), 'SCHEMA_MISMATCH').message, 'struct game.Position in file, struct game.Pos expected');
});

test('trailing bytes, non-zero padding and bad lengths are INVALID_DATA', () => {
  const k = codec(Pos, { version: 2, checksum: false });
  const b = k.encode({ x: 1, y: 2 });
  const longer = new Uint8Array(b.length + 1); longer.set(b);
  throwsCode(() => k.decode(longer), 'INVALID_DATA', '', /unexpected bytes/);
  const pad = b.slice(); pad[54] = 1;
  throwsCode(() => k.decode(pad), 'INVALID_DATA', '', /padding/);
  const raw = b.slice(); raw[24] = 9;
  throwsCode(() => k.decode(raw), 'INVALID_DATA');
});

test('compressed files round trip and are smaller for repetitive data', () => {
  const S = t.struct('z.Z', { v: t.vec(t.string) });
  const value = { v: Array.from({ length: 1000 }, () => 'the same string again') };
  const plain = codec(S, { version: 0 }).encode(value);
  const z = codec(S, { version: 0, compress: 'deflate' });
  const packed = z.encode(value);
  assert.ok(packed.length < plain.length / 10, `${packed.length} vs ${plain.length}`);
  assert.equal(z.decode(packed), value);
  // a plain codec reads compressed files too (the flags say so)
  assert.equal(codec(S, { version: 0 }).decode(packed), value);
});

test('maxBytes bounds the input and the decompressed payload', () => {
  const S = t.struct('z.B', { b: t.bytes });
  const z = codec(S, { version: 0, compress: 'deflate' });
  const bomb = z.encode({ b: new Uint8Array(20_000_000) });
  assert.ok(bomb.length < 40_000);
  const small = codec(S, { version: 0, limits: { maxBytes: 1_000_000 } });
  throwsCode(() => small.decode(bomb), 'LIMIT_EXCEEDED', '', /payload of 20000/);
  throwsCode(() => codec(S, { version: 0, limits: { maxBytes: 10 } }).decode(bomb), 'LIMIT_EXCEEDED', '', /input/);
});

test('a deflate payload that expands past its declared size stops early', () => {
  const S = t.struct('z.B', { b: t.bytes });
  const z = codec(S, { version: 0, compress: 'deflate', checksum: false });
  const file = z.encode({ b: new Uint8Array(5_000_000) });
  const lie = file.slice();
  new DataView(lie.buffer).setUint32(24, 1000, true); // declare 1000 raw bytes
  throwsCode(() => z.decode(lie), 'LIMIT_EXCEEDED', '', /expands past its declared size 1000/);
});

test('deflate data followed by trailing garbage inside the stored payload is INVALID_DATA', () => {
  const S = t.struct('z.G', { b: t.bytes });
  const z = codec(S, { version: 0, compress: 'deflate', checksum: false });
  const file = z.encode({ b: new Uint8Array(300).fill(7) });
  const stored = new DataView(file.buffer, file.byteOffset).getUint32(20, true);
  for (const extra of [1, 2, 100, 1 << 20]) {
    const bad = new Uint8Array(file.length + extra);
    bad.set(file); bad.fill(0x5a, file.length);
    new DataView(bad.buffer).setUint32(20, stored + extra, true);
    throwsCode(() => z.decode(bad), 'INVALID_DATA', '', new RegExp(`${extra} bytes after the end of the deflate stream`));
  }
  assert.equal(z.decode(file).b.length, 300);
});

test('requireChecksum: a file without a checksum is CHECKSUM (codec option or per decode)', () => {
  const none = codec(Pos, { version: 2, checksum: false }).encode({ x: 1, y: 2 });
  const strict = codec(Pos, { version: 2, requireChecksum: true });
  throwsCode(() => strict.decode(none), 'CHECKSUM', '', /requireChecksum/);
  assert.equal(strict.decode(good), { x: 1, y: 2 });
  assert.equal(strict.decode(none, { requireChecksum: false }), { x: 1, y: 2 });
  throwsCode(() => c.decode(none, { requireChecksum: true }), 'CHECKSUM');
  assert.equal(c.decode(good, { requireChecksum: true }), { x: 1, y: 2 });
  assert.equal(c.decode(none), { x: 1, y: 2 });
  throwsCode(() => c.decode(good, { requireChecksum: 'yes' as never }), 'INVALID_VALUE');
  throwsCode(() => codec(Pos, { version: 2, requireChecksum: 1 as never }), 'INVALID_VALUE');
});

test.run();
