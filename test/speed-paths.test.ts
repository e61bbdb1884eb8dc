// The decode fast paths of issue 13 point 4 give exactly the interpreter's values: short-string
// reads of every length around the fixed-arity cut-offs (ASCII, non-ASCII, invalid UTF-8), vectors
// of structs, and t.typed / t.records read as views only from buffers savepack allocated itself
// (an inflated payload, the bytes loadFile read), never from the caller's input.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, RecordArray, SavepackError, t } from '../src/index.ts';
import { loadFile, saveFile } from '../src/node.ts';

let dir = '';
test.before(() => { dir = mkdtempSync(join(tmpdir(), 'savepack-speed-')); });
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

const both = <S extends Parameters<typeof codec>[0]>(s: S, extra: object = {}) => [
  codec(s, { version: 0, ...extra }),
  codec(s, { version: 0, compile: false, ...extra }),
] as const;

/** Decodes `bytes` with the compiled and the interpreted codec; both must agree (value or error code). */
function same(c: ReturnType<typeof both>, bytes: Uint8Array): unknown {
  const run = (k: 0 | 1) => { try { return { v: c[k].decode(bytes) }; } catch (e) { return { e: e instanceof SavepackError ? e.code : String(e) }; } };
  const a = run(0), b = run(1);
  assert.equal(a, b);
  assert.ok(c[0].compiled && !c[1].compiled);
  return a;
}

test('strings of every length 0..80 (ASCII and not) decode as the interpreter does', () => {
  const S = t.struct('sp.Strs', { a: t.vec(t.string) });
  const c = both(S);
  const values: string[] = [];
  for (let n = 0; n <= 80; n++) {
    values.push('abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3).slice(0, n));
    if (n > 0) values.push('é'.repeat(n >> 1) + 'x'.repeat(n & 1), 'a'.repeat(n - 1) + '\u007f', '\u{1f600}'.repeat(Math.ceil(n / 4)));
  }
  const bytes = c[0].encode({ a: values });
  assert.equal(same(c, bytes), { v: { a: values } });
});

test('invalid UTF-8 in short strings is INVALID_DATA for both modes (checksum off)', () => {
  const S = t.struct('sp.Str1', { s: t.string });
  const c = both(S, { checksum: false, schemaHeader: false });
  for (const n of [1, 2, 3, 8, 16, 17, 40, 64, 65, 100]) {
    const good = c[0].encode({ s: 'z'.repeat(n) });
    const start = good.indexOf(0x7a);
    assert.equal(same(c, good), { v: { s: 'z'.repeat(n) } });
    for (const at of new Set([0, n >> 1, n - 1])) {
      for (const byte of [0x80, 0xc3, 0xff]) {
        const bad = good.slice();
        bad[start + at] = byte;
        assert.equal(same(c, bad), { e: 'INVALID_DATA' }, `length ${n}, byte ${at} = ${byte}`);
      }
    }
  }
});

test('vectors of fixed-size structs (i32, f64, bool, enum, nested) decode as the interpreter does', () => {
  const Kind = t.enum('sp.Kind', ['a', 'b', 'c']);
  const P = t.struct('sp.P', { x: t.i32, y: t.f64, z: t.f64, ok: t.bool, k: Kind, u: t.u8, inner: t.struct('sp.In', { a: t.u16, b: t.i8 }) });
  const S = t.struct('sp.Cloud', { points: t.vec(P), empty: t.vec(P) });
  const c = both(S);
  const points = Array.from({ length: 300 }, (_, i) => ({
    x: (i * 7919) % 2_000_001 - 1_000_000, y: i / 7 - 20, z: i % 5 === 0 ? -0 : i * 1e300, ok: i % 3 === 0,
    k: (['a', 'b', 'c'] as const)[i % 3]!, u: i & 255, inner: { a: i * 3, b: (i % 256) - 128 },
  }));
  const v = { points, empty: [] };
  const r = same(c, c[0].encode(v)) as { v: typeof v };
  assert.equal(r.v, v);
  assert.ok(Object.is(r.v.points[0]!.z, -0), '-0 survives');
  assert.is(Object.getPrototypeOf(r.v.points[1]), Object.prototype, 'plain objects');
  // A bad bool / enum byte deep in the vector: the same error for both.
  const bytes = c[0].encode(v);
  const bad = codec(S, { version: 0, checksum: false }).encode(v);
  for (let k = 0; k < 40; k++) {
    const b = bad.slice();
    b[b.length - 1 - k * 7] = 0xee;
    same(both(S, { checksum: false }), b);
  }
  assert.ok(bytes.length > 0);
});

test('long vectors (past 16k and past 256k items) decode as the interpreter does', () => {
  const P = t.struct('sp.P3', { x: t.i32, y: t.f64, z: t.f64 });
  const S = t.struct('sp.Long', { points: t.vec(P), names: t.vec(t.string), more: t.vec(t.u8) });
  const c = both(S, { checksum: false });
  for (const n of [16380, 16381, 20000, (1 << 18) + 1]) {
    const v = {
      points: Array.from({ length: n }, (_, i) => ({ x: i - 5000, y: i / 3, z: -i })),
      names: Array.from({ length: n >> 2 }, (_, i) => `n${i}`),
      more: Array.from({ length: n }, (_, i) => i & 255),
    };
    const r = same(c, c[0].encode(v)) as { v: typeof v };
    assert.equal(r.v, v);
    assert.is(r.v.points.length, n);
  }
});

const Pos = t.struct('sp.Pos', { x: t.u32, y: t.u32 });
const Packed = t.struct('sp.Packed', { h: t.records(Pos), f: t.typed('f64'), small: t.typed('u16') });

function packedValue(n: number) {
  const h = RecordArray.from(Pos, Array.from({ length: n }, (_, i) => ({ x: i, y: 0xffffffff - i })));
  return { h, f: Float64Array.from({ length: n }, (_, i) => i / 3), small: Uint16Array.of(1, 2, 3) };
}

test("the caller's input is never aliased (views: false), compiled or not", () => {
  for (const compile of [true, false]) {
    const c = codec(Packed, { version: 0, compile });
    const bytes = c.encode(packedValue(2000));
    const d = c.decode(bytes);
    assert.is.not(d.h.bytes.buffer, bytes.buffer);
    assert.is.not(d.f.buffer, bytes.buffer);
    bytes.fill(0);
    assert.equal(d.h.get(5), { x: 5, y: 0xffffffff - 5 });
    assert.is(d.f[3], 1);
  }
});

test('an inflated payload is savepack\'s own: big t.records / t.typed are views into it, values equal the interpreter\'s', () => {
  const v = packedValue(5000);
  const c = both(Packed, { compress: 'deflate' });
  const bytes = c[0].encode(v);
  const a = c[0].decode(bytes), b = c[1].decode(bytes);
  for (const d of [a, b]) {
    assert.equal(d.h.toArray(), v.h.toArray());
    assert.equal(Array.from(d.f), Array.from(v.f));
    assert.equal(Array.from(d.small), [1, 2, 3]);
    assert.is.not(d.h.bytes.buffer, bytes.buffer);
    // the two big arrays share the inflated buffer (no copy); the tiny one has its own
    assert.is(d.h.bytes.buffer, d.f.buffer);
    assert.is.not(d.small.buffer, d.f.buffer);
  }
  assert.is.not(a.f.buffer, b.f.buffer, 'each decode inflates into its own buffer');
  // writing through one decoded value never shows up in another decode
  a.h.set(0, { x: 9, y: 9 });
  a.f[0] = 42;
  const again = c[0].decode(bytes);
  assert.equal(again.h.get(0), { x: 0, y: 0xffffffff });
  assert.is(again.f[0], 0);
  // growing a viewed RecordArray copies it out
  a.h.push({ x: 1, y: 1 });
  assert.is(a.h.length, 5001);
  assert.equal(a.h.get(5000), { x: 1, y: 1 });
});

test('loadFile: the bytes it read are savepack\'s own (big arrays are views), values equal the interpreter\'s', async () => {
  const v = packedValue(4000);
  for (const compile of [true, false]) {
    const c = codec(Packed, { version: 0, compile });
    const file = join(dir, `p-${compile}.bin`);
    await saveFile(file, c, v);
    const d = await loadFile(file, c);
    assert.equal(d.h.toArray(), v.h.toArray());
    assert.equal(Array.from(d.f), Array.from(v.f));
    assert.is(d.h.bytes.buffer, d.f.buffer, 'both views into the file bytes');
    assert.is.not(d.small.buffer, d.f.buffer, 'a small array is copied (it would pin the whole file)');
    // once loadFile returned, the same codec decoding caller bytes copies again
    const bytes = c.encode(v);
    const e = c.decode(bytes);
    assert.is.not(e.f.buffer, bytes.buffer);
    assert.is.not(e.h.bytes.buffer, e.f.buffer);
  }
});


test('vectors of uvarint / varint (inline LEB128 loop) decode as the interpreter does, hostile bytes too', () => {
  const cut = [0, 1, 63, 64, 127, 128, 8191, 8192, 16383, 16384, 2 ** 20, 2 ** 21 - 1, 2 ** 21, 2 ** 28, 2 ** 35, 2 ** 53 - 1];
  for (const kind of ['uvarint', 'varint'] as const) {
    const S = t.struct(`sp.V${kind}`, { id: t.u8, a: t.vec(t[kind]), tail: t.u8 });
    const c = both(S, { frame: 'none' });
    const nums = kind === 'uvarint' ? cut : cut.flatMap((x) => (x ? [x, -x, -x - 1 >= -(2 ** 53 - 1) ? -x - 1 : -x] : [0]));
    // Each value alone at the end of the input (the near-end path), and all in one vector.
    for (const x of nums) {
      const bytes = c[0].encode({ id: 1, a: [x, x], tail: 2 });
      assert.equal(same(c, bytes), { v: { id: 1, a: [x, x], tail: 2 } }, `${kind} ${x}`);
      const cutBytes = c[0].encode({ id: 1, a: [x], tail: 2 });
      same(c, cutBytes.subarray(0, cutBytes.length - 1));
      same(c, cutBytes.subarray(0, cutBytes.length - 2));
    }
    const all = { id: 7, a: nums, tail: 9 };
    const bytes = c[0].encode(all);
    assert.equal(same(c, bytes), { v: all });
    // Every byte of the vector flipped to 0x00, 0x80, 0xff: overlong, longer, truncated encodings.
    for (let at = 1; at < bytes.length; at++) {
      for (const byte of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
        const bad = bytes.slice();
        bad[at] = byte;
        same(c, bad);
      }
    }
  }
});

test('a vector of 1,000 small varints (1-3 bytes) round trips as the interpreter decodes it', () => {
  const S = t.struct('sp.Ints', { id: t.uvarint, values: t.vec(t.varint) });
  const c = both(S, { frame: 'none' });
  const values = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 100001) - 50000);
  const bytes = c[0].encode({ id: 3, values });
  assert.equal(c[1].encode({ id: 3, values }), bytes);
  assert.equal(same(c, bytes), { v: { id: 3, values } });
});

test('vectors of uvarint / varint encode (inline LEB128 loop) exactly as the interpreter, bad values too', () => {
  const enc = (c: ReturnType<typeof both>[number], v: unknown) => {
    try { return { b: Array.from(c.encode(v as never)) }; } catch (e) { return { e: e instanceof SavepackError ? `${e.code} ${e.path}` : String(e) }; }
  };
  const edge = [0, -0, 1, 127, 128, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, -1, -64, -65, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 53 - 1)];
  const bad = [2 ** 53, -(2 ** 53), 1.5, NaN, Infinity, '1', null, undefined, 1n];
  for (const kind of ['uvarint', 'varint'] as const) {
    const c = both(t.struct(`sp.E${kind}`, { a: t.vec(t[kind]) }), { frame: 'none' });
    const long = Array.from({ length: 3000 }, (_, i) => edge[i % edge.length]!);
    for (const a of [edge, long, ...edge.map((x) => [x]), ...bad.map((x) => [1, x, 2])]) {
      const got = enc(c[0], { a }), want = enc(c[1], { a });
      assert.equal(got, want, `${kind} ${String(a.slice(0, 3))}`);
    }
  }
});

test('inline short-string reads fail as r.string() does: maxLength, allocation budget, truncation, bad UTF-8', () => {
  const S = t.struct('sp.StrLim', { a: t.vec(t.string), z: t.u8 });
  const values = ['', 'a', 'abc', 'abcdefgh', 'x'.repeat(17), 'é', 'y'.repeat(127)];
  for (const limits of [{}, { maxLength: 3 }, { maxLength: 8 }, { maxLength: 0 }]) {
    const c = both(S, { frame: 'none', limits });
    const free = codec(S, { version: 0, frame: 'none' });
    const bytes = free.encode({ a: values, z: 1 });
    same(c, bytes);
    for (let cut = 0; cut < bytes.length; cut++) same(c, bytes.subarray(0, cut));
    for (let at = 0; at < bytes.length; at++) {
      const bad = bytes.slice();
      bad[at] = at % 2 ? 0xff : 0x7f;
      same(c, bad);
    }
  }
  // Many empty strings, then a count past the input: both modes agree (values or TRUNCATED).
  const many = both(t.struct('sp.StrMany', { a: t.vec(t.string) }), { frame: 'none' });
  const b = new Uint8Array(2 + 5000);
  b.set([0x88, 0x27], 0); // count 5000 as LEB128
  assert.equal(same(many, b), { v: { a: new Array(5000).fill('') } });
  assert.equal(same(many, b.subarray(0, b.length - 1)), { e: 'TRUNCATED' });
});


test('the short-string cache: strings that share bytes (NULs, prefixes, lengths 2..16) come back exactly, decode after decode', () => {
  const c = both(t.struct('s.Cache', { pad: t.string, items: t.vec(t.string) }));
  const base = ['ab', 'ab\0', 'ab\0\0', 'a\0b', '\0\0', '\0\0\0', 'abcd', 'abcd\0', 'abcdefgh', 'abcdefghi', 'abcdefghijklmnop', 'abcdefghijklmno', 'abcdefghijklmno\0', 'é', 'aé', 'ab\u007f', 'x'.repeat(17)];
  const pad = 'p'.repeat(70); // the input is larger than 64 bytes (the cache's lower bound)
  for (let round = 0; round < 3; round++) {
    const items = round === 1 ? [...base].reverse() : round === 2 ? base.map((s, i) => (i % 2 ? s : s.slice(0, -1))) : base;
    for (const k of c) {
      const bytes = k.encode({ pad, items });
      assert.equal(k.decode(bytes), { pad, items }, `round ${round} compiled ${k.compiled}`);
      assert.equal(k.decode(bytes.slice()), { pad, items });
    }
  }
  // Cached 'abcdefgh', then the same 8 bytes with a non-ASCII byte after them at length 9: the new bytes are read, not the cache.
  const n = both(t.struct('s.Cache', { pad: t.string, items: t.vec(t.string) }), { checksum: false });
  const bytes = n[0].encode({ pad, items: ['abcdefgh', 'abcdefghi'] });
  assert.equal(same(n, bytes), { v: { pad, items: ['abcdefgh', 'abcdefghi'] } });
  const bad = bytes.slice();
  assert.is(bad[bad.length - 1], 0x69); // the 'i' the payload ends with
  bad[bad.length - 1] = 0xff;
  assert.equal(same(n, bad), { e: 'INVALID_DATA' });
});

test.run();
