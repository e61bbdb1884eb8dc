// Output buffers (API.md section 8): encode returns a buffer it owns, and encodeInto / encodedSize
// agree with encode for every schema, value, frame and path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, RecordArray, t, type Schema } from '../src/index.ts';
import { both, hex, norm, throwsCode } from './helpers/codecs.ts';
import { FRAMES, Pos } from './helpers/encode-data.ts';
import { copyBytes, setFreshBytes } from '../src/wire/fresh-bytes.ts';

const Vec3 = t.struct('enc.Vec3', { x: t.f64, y: t.f64, z: t.f64 });
const Kind = t.enum('enc.Kind', ['a', 'b', 'c']);
const Entity = t.struct('enc.Entity', { id: t.u32, name: t.string, pos: Vec3, hp: t.u16, alive: t.bool, inventory: t.vec(t.string), kind: Kind });
const entity = { id: 7, name: 'Zoë 🐉', pos: { x: 1, y: 2.5, z: -3 }, hp: 100, alive: true, inventory: ['sword', 'rope'], kind: 'b' as const };
const Bulk = t.struct('enc.Bulk', { name: t.string, data: t.typed('f64'), tag: t.u8, history: t.records(Pos), pts: t.vec(Pos) });
const bulk = (n: number, name = 'bulk ü') => ({
  name, data: Float64Array.from({ length: n }, (_, i) => i * 0.5), tag: 3,
  history: RecordArray.from(Pos, Array.from({ length: 3 }, (_, i) => ({ x: i, y: i + 1 }))), pts: [{ x: 1, y: 2 }],
});

/** Schemas and values covering small, bulk, nested and versioned data; `big` ones (> 64 KiB) are not deflated (slow) but in one test. */
const CASES: { name: string; schema: Schema; values: unknown[]; big?: unknown[] }[] = [
  { name: 'entity', schema: Entity, values: [entity, { ...entity, name: '', inventory: [] }] },
  { name: 'u8', schema: t.u8, values: [0, 255] },
  { name: 'string', schema: t.string, values: ['', 'x'.repeat(200), 'é'.repeat(70), '\ud800 lone'], big: ['a'.repeat(100_000)] },
  { name: 'bulk', schema: Bulk, values: [bulk(0), bulk(5)], big: [bulk(9_000), bulk(9_000, 'ø'.repeat(300))] },
  { name: 'typed u16', schema: t.struct('enc.T16', { a: t.u8, b: t.typed('u16'), c: t.typed('f32') }), values: [{ a: 1, b: Uint16Array.of(1, 2, 3), c: new Float32Array(3) }], big: [{ a: 1, b: Uint16Array.of(1, 2, 3), c: new Float32Array(70_000) }] },
  { name: 'map', schema: t.map(t.string, t.vec(t.u32)), values: [new Map(), new Map([['a', [1, 2]], ['b', []]])] },
  { name: 'option/tuple', schema: t.tuple(t.option(t.i64), t.array(t.u8, 3), t.bytes), values: [[undefined, [1, 2, 3], new Uint8Array(0)]], big: [[5n, [0, 0, 0], new Uint8Array(90_000).fill(7)]] },
];

/** The values of a case to run under `frame`. */
const valuesOf = (c: (typeof CASES)[number], frame: (typeof FRAMES)[number]) => (frame.compress === 'deflate' ? c.values : [...c.values, ...(c.big ?? [])]);

/** Every case under every frame, compiled and interpreted: its name, the label of the frame, the codec and the values. */
function* eachCodec(): Generator<{ name: string; label: string; c: ReturnType<typeof both>['compiled']; values: unknown[] }> {
  for (const frame of FRAMES) {
    for (const k of CASES) {
      const { compiled, interpreted } = both(k.schema, frame);
      for (const c of [compiled, interpreted]) yield { name: k.name, label: JSON.stringify(frame), c, values: valuesOf(k, frame) };
    }
  }
}

/** What a value decodes to: a lone surrogate in a top-level string comes back as U+FFFD. */
const back = (v: unknown) => (typeof v === 'string' ? (v as string & { toWellFormed(): string }).toWellFormed() : v);

const owns = (b: Uint8Array, what: string) => {
  assert.ok(b instanceof Uint8Array, what);
  assert.is(b.byteOffset, 0, `${what}: byteOffset`);
  assert.is(b.buffer.byteLength, b.length, `${what}: buffer.byteLength`);
};

test('encode returns a buffer it owns, for small, large, compressed and re-entrant results', () => {
  for (const { name, label, c, values } of eachCodec()) {
    const outs = values.map((v) => c.encode(v as never));
    outs.forEach((b, i) => owns(b, `${name} #${i} ${label} compiled=${c.compiled}`));
    // Each result still decodes after later encodes (nothing shared, nothing overwritten).
    outs.forEach((b, i) => assert.equal(norm(c.decode(b)), norm(back(values[i]))));
  }
});

test('encode: a large compressed result owns its buffer', () => {
  const { compiled, interpreted } = both(Bulk, { compress: 'deflate' });
  for (const c of [compiled, interpreted]) owns(c.encode(bulk(9_000)), 'deflate');
});

test('encode: consecutive small results never share an ArrayBuffer', () => {
  const c = codec(Entity, { version: 0 });
  const alice = c.encode({ ...entity, name: 'alice' });
  const bob = c.encode({ ...entity, name: 'bob' });
  assert.is.not(alice.buffer, bob.buffer);
  owns(bob, 'bob');
  assert.not.ok(hex(new Uint8Array(bob.buffer)).includes(hex(new TextEncoder().encode('alice'))), "bob's buffer holds alice's save");
  // Transferring one result detaches nothing else.
  structuredClone(bob, { transfer: [bob.buffer] });
  assert.is(c.decode(alice).name, 'alice');
});

test('encode: re-entrant encodes from a custom encoder own their buffers', () => {
  const inner = codec(t.string, { version: 0 });
  const seen: Uint8Array[] = [];
  let outer: ReturnType<typeof codec<any>>;
  const Wrapped = t.custom(t.bytes, {
    name: 'enc.Wrapped',
    encode: (s: string) => { seen.push(outer.encode({ s: undefined, b: Uint8Array.of(9) })); const b = inner.encode(s); seen.push(b); return b; },
    decode: (b) => inner.decode(b),
  });
  outer = codec(t.struct('enc.Outer', { s: t.option(Wrapped), b: t.bytes }), { version: 0 });
  const bytes = outer.encode({ s: 'hi', b: Uint8Array.of(1) });
  for (const b of [bytes, ...seen]) owns(b, 're-entrant');
  assert.is((outer.decode(bytes) as { s?: string }).s, 'hi');
});

test('encodedSize equals encode(...).length for every schema, value, frame and path', () => {
  for (const { name, label, c, values } of eachCodec()) {
    for (const v of values) assert.is(c.encodedSize(v as never), c.encode(v as never).length, `${name} ${label}`);
  }
});

test('encodeInto writes the same bytes at any offset and touches nothing around them', () => {
  for (const { name, label, c, values } of eachCodec()) {
    for (const v of values) {
      const want = c.encode(v as never);
      for (const offset of want.length > 10_000 ? [0, 13] : [0, 3, 8, 13]) {
        const target = new Uint8Array(offset + want.length + 11).fill(0xaa);
        const n = c.encodeInto(v as never, target, { offset });
        assert.is(n, want.length, `${name} length`);
        assert.ok(hex(target.subarray(offset, offset + n)) === hex(want), `${name} ${label} bytes at ${offset}`);
        assert.ok(target.subarray(0, offset).every((b) => b === 0xaa), 'before offset untouched');
        assert.ok(target.subarray(offset + n).every((b) => b === 0xaa), 'after the file untouched');
        assert.equal(norm(c.decode(target.subarray(offset, offset + n))), norm(back(v)));
      }
      // Exactly fitting target, default offset, and a view inside a larger buffer.
      const exact = new Uint8Array(want.length);
      assert.is(c.encodeInto(v as never, exact), want.length);
      assert.is(hex(exact), hex(want));
      const big = new Uint8Array(want.length + 40);
      const view = big.subarray(17, 17 + want.length + 5);
      assert.is(c.encodeInto(v as never, view, { offset: 5 }), want.length);
      assert.is(hex(big.subarray(22, 22 + want.length)), hex(want));
    }
  }
});

test('encodeInto: a target too small is LIMIT_EXCEEDED with the size needed, and stays untouched', () => {
  for (const frame of FRAMES) {
    const { compiled, interpreted } = both(Bulk, frame);
    for (const c of [compiled, interpreted]) {
      for (const v of [bulk(3), bulk(9_000)]) {
        const need = c.encodedSize(v);
        for (const [size, offset] of [[need - 1, 0], [need + 3, 4], [0, 0], [need, need]] as const) {
          const target = new Uint8Array(size).fill(0x5c);
          const e = throwsCode(() => c.encodeInto(v, target, { offset }), 'LIMIT_EXCEEDED');
          assert.match(e.message, new RegExp(`\\b${need}\\b`));
          assert.ok(target.every((b) => b === 0x5c), 'target written although the file did not fit');
        }
      }
    }
  }
});

test('encodeInto: invalid offsets and targets are INVALID_VALUE; an invalid value leaves the target untouched', () => {
  const { compiled, interpreted } = both(Entity);
  for (const c of [compiled, interpreted]) {
    const target = new Uint8Array(512);
    for (const offset of [-1, 1.5, NaN, Infinity, 513, '3', null]) {
      throwsCode(() => c.encodeInto(entity, target, { offset: offset as never }), 'INVALID_VALUE');
    }
    for (const bad of [new ArrayBuffer(512), [0, 0, 0], new Uint16Array(256), null, 'x']) {
      throwsCode(() => c.encodeInto(entity, bad as never), 'INVALID_VALUE');
    }
    throwsCode(() => c.encodeInto({ ...entity, hp: -1 }, target), 'INVALID_VALUE', 'enc.Entity.hp');
    assert.ok(target.every((b) => b === 0), 'target written by a failed encode');
    throwsCode(() => c.encodedSize({ ...entity, kind: 'z' }), 'INVALID_VALUE', 'enc.Entity.kind');
  }
});

test('encodeInto / encodedSize take a version like encode', () => {
  const S = t.struct('enc.V', { a: t.u8, b: t.field(t.string, { since: 1 }) });
  const { compiled, interpreted } = both(S, { version: 1 });
  for (const c of [compiled, interpreted]) {
    const v = { a: 1, b: 'hello' };
    const v0 = c.encode(v, { version: 0 });
    assert.is(c.encodedSize(v, { version: 0 }), v0.length);
    assert.ok(c.encodedSize(v) > v0.length);
    const target = new Uint8Array(100);
    assert.is(c.encodeInto(v, target, { version: 0, offset: 2 }), v0.length);
    assert.is(hex(target.subarray(2, 2 + v0.length)), hex(v0));
    throwsCode(() => c.encodedSize(v, { version: 2 }), 'NOT_SUPPORTED');
    throwsCode(() => c.encodeInto(v, target, { version: -1 }), 'INVALID_VALUE');
  }
});

/** Fresh buffers made since the count was last reset; `filled(byte)` makes them full of `byte`, counting. */
let made = 0;
const filled = (byte: number) => (n: number) => { made++; return new Uint8Array(n).fill(byte); };

test('encode hands out only bytes it wrote: outputs made in buffers full of garbage equal those made in zeroed ones', () => {
  // Large outputs are written into buffers the platform need not zero (Node: Buffer.allocUnsafeSlow).
  made = 0;
  try {
    for (const { name, label, c, values } of eachCodec()) {
      for (const v of values) {
        setFreshBytes(filled(0));
        const zeroed = c.encode(v as never);
        for (const byte of [0xa5, 0xff]) {
          setFreshBytes(filled(byte));
          const out = c.encode(v as never);
          const at = out.findIndex((b, i) => b !== zeroed[i]);
          assert.ok(out.length === zeroed.length && at < 0, `${name} ${label} compiled=${c.compiled}: with garbage ${byte}, byte ${at} of ${out.length} (${zeroed.length} zeroed) differs`);
        }
      }
    }
  } finally {
    setFreshBytes(undefined);
  }
  // The large values of every case but the deflated ones went through such buffers (3 per encode above).
  assert.ok(made >= 3 * 4 * 2, `fresh buffers made: ${made}`);
});

test('decode: large copies (bytes, typed arrays, records) made in buffers full of garbage come out whole', () => {
  made = 0;
  try {
    setFreshBytes(filled(0xa5));
    for (const { name, label, c, values } of eachCodec()) {
      for (const v of values) assert.equal(norm(c.decode(c.encode(v as never))), norm(back(v)), `${name} ${label} compiled=${c.compiled}`);
    }
  } finally {
    setFreshBytes(undefined);
  }
  assert.ok(made >= 4 * 2, `fresh buffers made: ${made}`);
  // A range past the end of the input is refused, never a buffer the copy did not fill.
  throwsCode(() => copyBytes(new Uint8Array(1 << 16), 8, (1 << 16) + 8), 'INVALID_DATA');
  assert.equal([...copyBytes(Uint8Array.of(1, 2, 3, 4), 1, 3)], [2, 3]);
});

test.run();
