// frame: 'none' (API.md section 9): the payload alone, decode of a given data version, whole input
// consumed, every hostile-input guarantee of the file frame; and the option checks that go with it.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { codec, RecordArray, SavepackError, schemaAt, t, type Codec } from '../src/index.ts';

const Pos = t.struct('f.Pos', { x: t.u32, y: t.u32 });
const Class = t.enum('f.Class', ['Warrior', 'Mage', 'Rogue'], { since: { Rogue: 1 } });
const Player = t.struct('f.Player', {
  name: t.string,
  strength: t.removed(t.u32, { until: 0 }),
  level: t.field(t.u16, { was: [{ until: 0, type: t.u8 }] }),
  class: Class,
  pos: Pos,
  inventory: t.vec(t.string),
  skills: t.field(t.vec(t.string), { since: 1, default: () => ['Whistling'] }),
  weapon: t.union('f.Weapon', { Fists: t.unit, Sword: { damage: t.u16 } }),
  history: t.field(t.records(Pos), { since: 2, default: () => new RecordArray(Pos, 0) }),
  tags: t.map(t.string, t.i8),
  big: t.u64,
  maybe: t.option(t.f64),
  ty: t.typed('i32'),
});
type P = Record<string, unknown>;
const player = (): P => ({
  name: 'Ann', level: 12, class: 'Mage', pos: { x: 1, y: 2 }, inventory: ['a', 'bc'], skills: ['Whistling'],
  weapon: { kind: 'Sword', damage: 3 }, history: RecordArray.from(Pos, [{ x: 5, y: 6 }]), tags: new Map([['k', -1]]),
  big: 5n, maybe: 1.5, ty: Int32Array.of(1, -2, 3),
});

const code = (f: () => unknown): string => {
  try { f(); } catch (e) {
    if (!(e instanceof SavepackError)) throw e;
    return e.code;
  }
  return 'none';
};
const bare = (s: Parameters<typeof codec>[0], version: number, compile = true): Codec<any> => codec(s, { version, frame: 'none', compile });
// A release's codec of an older version: the schema as it stood then (a codec may not hold newer fields).
const release = (s: Parameters<typeof codec>[0], v: number): Parameters<typeof codec>[0] => schemaAt(s, v);
const plain = (x: unknown): unknown => x === undefined ? undefined : JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Map ? [...v] : ArrayBuffer.isView(v) ? [...(v as Int32Array)] : v instanceof RecordArray ? v.toArray() : v)));

const simple: [Parameters<typeof codec>[0], unknown][] = [
  [t.u8, 7], [t.i32, -5], [t.f64, Math.PI], [t.string, 'héllo'], [t.string, ''], [t.bool, true], [t.bytes, Uint8Array.of(1, 2, 3)],
  [t.enum('f.E', ['a', 'b']), 'b'], [t.vec(t.u16), [1, 2, 65535]], [t.option(t.string), undefined], [t.map(t.u8, t.string), new Map([[1, 'x']])],
  [t.union('f.U', { N: t.unit, I: { value: t.i32 } }), { kind: 'I', value: 9 }], [t.struct('f.S', { a: t.u8, b: t.string }), { a: 1, b: 'z' }],
  [t.array(t.f32, 2), [0.5, 1.5]], [t.records(Pos), RecordArray.from(Pos, [{ x: 1, y: 2 }])],
];

test("frame 'none' writes the payload alone and round-trips (compiled and interpreted)", () => {
  for (const compile of [true, false]) {
    const c = bare(t.struct('f.Probe', { a: t.u8 }), 0, compile);
    assert.equal([...c.encode({ a: 7 })], [7]);
    assert.equal(c.decode(Uint8Array.of(7)), { a: 7 });
    for (const [s, v] of simple) {
      const b = bare(s, 0, compile);
      const out = b.encode(v);
      assert.equal(out.byteOffset, 0);
      assert.equal(out.buffer.byteLength, out.length, 'encode owns its buffer');
      assert.equal(plain(b.decode(out)), plain(v));
      assert.equal(b.encodedSize(v), out.length);
      const target = new Uint8Array(out.length + 10).fill(0xee);
      assert.equal(b.encodeInto(v, target, { offset: 3 }), out.length);
      assert.equal([...target.subarray(3, 3 + out.length)], [...out]);
      assert.equal(target[2], 0xee);
      assert.equal(target[3 + out.length], 0xee);
      // the same payload, framed: the bare bytes are exactly the file's payload bytes
      const file = codec(s, { version: 0, compile }).encode(v as never);
      assert.ok(file.length > out.length);
    }
  }
});

test("frame 'none' at several versions: decode reads the version asked for", () => {
  for (const compile of [true, false]) {
    const c = bare(Player, 2, compile);
    for (const v of [0, 1, 2]) {
      const p = player();
      if (v === 0) { p.class = 'Warrior'; }
      const bytes = c.encode(p, { version: v });
      const back = c.decode(bytes, { version: v }) as P;
      assert.equal(back.name, 'Ann');
      assert.equal(back.level, 12);
      assert.equal(plain(back.skills), v >= 1 ? ['Whistling'] : ['Whistling']);
      assert.equal(plain(back.history), v >= 2 ? [{ x: 5, y: 6 }] : []);
      assert.equal(plain(back.ty), [1, -2, 3]);
      if (v === 2) assert.equal(plain(c.decode(bytes)), plain(back), 'default version is the codec\'s');
    }
    // version 0 bytes hold the removed field: read past it when asked for version 0
    const v0 = c.encode({ ...player(), class: 'Warrior' }, { version: 0 });
    assert.is(code(() => c.decode(v0, { version: 2 })) !== 'none', true, 'v0 bytes are not a v2 payload');
  }
});

test("frame 'none': decode's version option is checked", () => {
  const c = bare(release(Player, 1), 1);
  const b = bare(Player, 2).encode(player(), { version: 1 });
  assert.is(code(() => c.decode(b, { version: 2 })), 'NEWER_VERSION');
  for (const bad of [-1, 1.5, NaN, '1', null, 1n]) assert.is(code(() => c.decode(b, { version: bad as never })), 'INVALID_VALUE', String(bad));
  assert.is(code(() => c.decode(b, { requireChecksum: true })), 'INVALID_VALUE');
  assert.is(code(() => c.decode(b, { requireChecksum: false })), 'none');
  assert.is(code(() => c.decode(b, { version: undefined })), 'none');
  // a file names its own version: the option belongs to frame 'none' codecs
  const f = codec(Player, { version: 2 });
  assert.is(code(() => f.decode(f.encode(player() as never), { version: 1 })), 'INVALID_VALUE');
});

test("frame option checks at codec()", () => {
  const s = t.u8;
  assert.is(code(() => codec(s, { version: 0, frame: 'nope' as never })), 'INVALID_VALUE');
  for (const o of [{ checksum: true }, { compress: 'deflate' }, { schemaHeader: true }, { requireChecksum: true }]) {
    assert.is(code(() => codec(s, { version: 0, frame: 'none', ...o } as never)), 'INVALID_VALUE', JSON.stringify(o));
    assert.is(code(() => codec(s, { version: 0, frame: 'file', ...o } as never)), 'none', JSON.stringify(o));
  }
  for (const o of [{ checksum: false }, { compress: 'none' }, { schemaHeader: false }, { requireChecksum: false }]) {
    assert.equal([...codec(s, { version: 0, frame: 'none', ...o } as never).encode(3)], [3], JSON.stringify(o));
  }
  // 'file' is the default: the container starts with the magic
  assert.equal(new TextDecoder().decode(codec(s, { version: 0, frame: 'file' }).encode(3).subarray(0, 8)), 'savepack');
  assert.equal(new TextDecoder().decode(codec(s, { version: 0 }).encode(3).subarray(0, 8)), 'savepack');
});

test("frame 'none': trailing bytes are INVALID_DATA, every truncation fails cleanly", () => {
  for (const compile of [true, false]) {
    const c = bare(Player, 2, compile);
    const b = c.encode(player());
    for (const extra of [[0], [1, 2, 3]]) assert.is(code(() => c.decode(Uint8Array.of(...b, ...extra))), 'INVALID_DATA');
    for (let n = 0; n < b.length; n++) {
      const got = code(() => c.decode(b.subarray(0, n)));
      assert.ok(got === 'TRUNCATED' || got === 'INVALID_DATA', `cut at ${n}: ${got}`);
    }
    const s = bare(t.string, 0, compile);
    assert.is(code(() => s.decode(Uint8Array.of(3, 0x61, 0x62))), 'TRUNCATED');
    assert.is(code(() => s.decode(new Uint8Array(0))), 'TRUNCATED');
    assert.is(code(() => bare(t.u8, 0, compile).decode(Uint8Array.of(1, 2))), 'INVALID_DATA');
  }
});

test("frame 'none': limits.maxBytes and the budget hold", () => {
  const c = codec(t.vec(t.u8), { version: 0, frame: 'none', limits: { maxBytes: 4 } });
  assert.is(code(() => c.decode(Uint8Array.of(4, 1, 2, 3, 4))), 'LIMIT_EXCEEDED');
  assert.equal(c.decode(Uint8Array.of(3, 1, 2, 3)), [1, 2, 3]);
  // a count of zero-size items is bounded by the allocation budget
  const u = bare(t.vec(t.unit), 0);
  assert.is(code(() => u.decode(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f))), 'LIMIT_EXCEEDED');
});

test("frame 'none': a decode nested in another decode of the same codec (from a hook) reads its own input", () => {
  let self: Codec<any> | undefined;
  // a custom type whose decode decodes its bytes with the codec being run
  const Nested = t.custom(t.bytes, {
    name: 'f.Nested',
    encode: (x: unknown) => (x === null ? new Uint8Array(0) : self!.encode(x)),
    decode: (b: Uint8Array) => (b.length ? self!.decode(b) : null),
  });
  const Outer = t.struct('f.Outer', { c: t.u8, inner: Nested, d: t.u16 });
  for (const compile of [true, false]) {
    self = bare(Outer, 0, compile);
    const innerBytes = self.encode({ c: 4, inner: null, d: 7 });
    const x = self.decode(self.encode({ c: 9, inner: { c: 4, inner: null, d: 7 }, d: 300 }));
    assert.equal(x, { c: 9, inner: { c: 4, inner: null, d: 7 }, d: 300 });
    // and the codec's reader is whole again afterwards
    assert.equal(self.decode(innerBytes), { c: 4, inner: null, d: 7 });
    assert.is(code(() => self!.decode(self!.encode({ c: 9, inner: { c: 4, inner: null, d: 7 }, d: 300 }).subarray(0, 5))), 'TRUNCATED');
  }
});

/** Decodes `payload` placed after a canary inside a larger buffer; checks no canary byte leaks. */
function fromInside(c: Codec<any>, payload: Uint8Array): void {
  const canary = 0xa5;
  const big = new Uint8Array(payload.length + 64).fill(canary);
  big.set(payload, 32);
  const view = big.subarray(32, 32 + payload.length);
  try {
    const out = c.decode(view);
    const s = JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? String(v) : ArrayBuffer.isView(v) ? [...(v as Uint8Array)] : v instanceof Map ? [...v] : v instanceof RecordArray ? [...v.bytes] : v));
    void s;
    const blobs: Uint8Array[] = [];
    const walk = (v: unknown): void => {
      if (v instanceof Uint8Array) blobs.push(v);
      else if (v instanceof RecordArray) blobs.push(v.bytes);
      else if (v && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k]);
    };
    walk(out);
    for (const b of blobs) if (b.buffer === big.buffer) throw new Error('decoded bytes alias the input');
  } catch (e) {
    if (!(e instanceof SavepackError)) throw e;
    assert.ok(!/a5a5|165, 165|\u00a5\u00a5/i.test(e.message), e.message);
  }
}

test("property: random bytes, inside a larger buffer after a canary, only ever give a value or a SavepackError (compiled and interpreted)", () => {
  const schemas = [Player, t.vec(t.string), t.bytes, t.struct('f.T', { a: t.option(t.map(t.u16, t.vec(t.f32))), u: t.union('f.U2', { A: { s: t.string }, B: t.unit }), ty: t.typed('i32'), r: t.records(Pos) })];
  const codecs = schemas.flatMap((s) => [bare(release(s, 0), 0), bare(release(s, 0), 0, false), ...(s === Player ? [bare(s, 2), bare(s, 2, false)] : [])]);
  const seeds = [bare(Player, 2).encode({ ...player(), class: 'Warrior' }, { version: 0 }), bare(Player, 2).encode(player())];
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => { for (const c of codecs) fromInside(c, b); }), { numRuns: 400, seed: 42 });
  fc.assert(fc.property(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 }), fc.nat(), (base, edits, cut) => {
    const b = base.slice(0, base.length - (cut % 4));
    for (const [i, v] of edits) if (b.length) b[i % b.length] = v;
    for (const c of codecs) fromInside(c, b);
  }), { numRuns: 1500, seed: 7 });
});

test("frame 'none' decode of a Buffer-like view and an ArrayBuffer", () => {
  const c = bare(t.struct('f.S2', { a: t.u16, s: t.string }), 0);
  const b = c.encode({ a: 300, s: 'x' });
  assert.equal(c.decode(b.slice().buffer), { a: 300, s: 'x' });
  const big = new Uint8Array(100).fill(0xa5);
  big.set(b, 17);
  assert.equal(c.decode(new DataView(big.buffer, 17, b.length) as never), { a: 300, s: 'x' });
  assert.is(code(() => c.decode({} as never)), 'INVALID_DATA');
});

test('encodeInto: a Proxy posing as a Uint8Array target is INVALID_VALUE; short and long outputs copy exactly', () => {
  for (const frame of ['file', 'none'] as const) {
    const c = codec(t.bytes, { version: 0, frame });
    assert.is(code(() => c.encodeInto(Uint8Array.of(1), new Proxy(new Uint8Array(64), {}))), 'INVALID_VALUE');
    for (const n of [0, 5, 15, 16, 17, 63, 64, 65, 300]) {
      const v = new Uint8Array(n).map((_, i) => i + 1);
      const out = c.encode(v);
      assert.equal(out.buffer.byteLength, out.length);
      assert.equal([...c.decode(out)], [...v]);
      const target = new Uint8Array(out.length + 4);
      assert.is(c.encodeInto(v, target, { offset: 2 }), out.length);
      assert.equal([...target.subarray(2, 2 + out.length)], [...out]);
      assert.is(code(() => c.encodeInto(v, new Uint8Array(out.length - 1))), 'LIMIT_EXCEEDED');
    }
  }
});


test("frame 'none': each decode gets the budget of its own input, and a failed decode leaves the codec whole", () => {
  const S = t.struct('f.Budget', { blob: t.bytes, units: t.vec(t.unit) });
  // The payload: blob length 0, then the units' count, a 3-byte varint for counts of 2^14 to 2^21 - 1.
  const input = (count: number): Uint8Array => Uint8Array.of(0, (count & 0x7f) | 0x80, ((count >>> 7) & 0x7f) | 0x80, count >>> 14);
  for (const compile of [true, false]) {
    // The largest count a fresh codec accepts for this 4-byte input (bounded by the budget alone).
    const fresh = bare(S, 0, compile);
    let lo = 1 << 14, hi = (1 << 21) - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (code(() => fresh.decode(input(mid))) === 'none') lo = mid; else hi = mid - 1;
    }
    assert.ok(lo > 1 << 14 && lo < (1 << 21) - 1, `largest count ${lo}`);
    assert.is(code(() => fresh.decode(input(lo + 1))), 'LIMIT_EXCEEDED');
    // A codec that just decoded a 1 MB input (a far larger budget) gives the small input its own.
    const c = bare(S, 0, compile);
    const big = c.encode({ blob: new Uint8Array(1 << 20), units: [] });
    assert.is(c.decode(big).blob.length, 1 << 20);
    assert.is(code(() => c.decode(input(lo + 1))), 'LIMIT_EXCEEDED');
    assert.is(c.decode(input(lo)).units.length, lo);
    // Failures of every kind, each followed by a good decode.
    for (const bad of [input(lo + 1), big.subarray(0, 9), Uint8Array.of(0, 0, 0), new Uint8Array(0)]) {
      assert.ok(code(() => c.decode(bad)) !== 'none');
      assert.equal(c.decode(Uint8Array.of(1, 7, 2)), { blob: Uint8Array.of(7), units: [undefined, undefined] });
    }
  }
});

test.run();
