// Maps with number and bigint keys (hash-collision guard, every key kind round-trips) and field
// names that are special on plain objects (`__proto__`, `constructor`, ...): every object savepack
// builds from a schema gets own properties for every field name, compiled and interpreted.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, RecordArray, setCompileDefault, t, type Schema } from '../src/index.ts';
import { collidingKeys } from './helpers/collide.ts';
import { both, bothThrow, roundTrip } from './helpers/codecs.ts';

const PROTO = '__proto__';

/** A field-name object with an own `__proto__` key (a literal `{ __proto__: x }` would set the prototype). */
function fields<V>(entries: [string, V][]): Record<string, V> {
  return Object.fromEntries(entries);
}

/** Asserts `o` is a plain object with an own, enumerable `name` holding `value`. */
function ownIs(o: unknown, name: string, value: unknown, what: string): void {
  assert.ok(typeof o === 'object' && o !== null, `${what}: not an object`);
  assert.is(Object.getPrototypeOf(o), Object.prototype, `${what}: prototype changed`);
  assert.ok(Object.hasOwn(o as object, name), `${what}: no own '${name}'`);
  const d = Object.getOwnPropertyDescriptor(o, name)!;
  assert.ok(d.enumerable && d.writable, `${what}: '${name}' not a plain data property`);
  assert.equal(d.value, value, `${what}: '${name}'`);
}

const specialNames = [PROTO, 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'o', 'x0', 'k1'];

test('struct fields named __proto__, constructor, toString, ...: own properties on both paths', () => {
  const S = t.struct('keys.Special', fields(specialNames.map((n) => [n, t.u16])) as any);
  const value = fields(specialNames.map((n, i) => [n, i + 1]));
  const { compiled, interpreted } = both(S);
  const bytes = compiled.encode(value as never);
  assert.equal([...interpreted.encode(value as never)], [...bytes]);
  for (const c of [compiled, interpreted]) {
    const back = c.decode(bytes);
    specialNames.forEach((n, i) => ownIs(back, n, i + 1, `${c.compiled ? 'compiled' : 'interpreted'} decode`));
  }
});

test('union tag __proto__ keeps its tag (unit and field variants, both paths)', () => {
  const U = t.union('keys.U', { A: t.unit, B: fields([['n', t.u8]]) as any }, { tag: PROTO });
  const { compiled, interpreted } = both(U);
  for (const value of [fields([[PROTO, 'A']]), fields<unknown>([[PROTO, 'B'], ['n', 7]])]) {
    const bytes = compiled.encode(value as never);
    assert.equal([...interpreted.encode(value as never)], [...bytes]);
    for (const c of [compiled, interpreted]) {
      const back = c.decode(bytes) as Record<string, unknown>;
      ownIs(back, PROTO, value[PROTO], `${c.compiled ? 'compiled' : 'interpreted'} ${String(value[PROTO])}`);
      if (value[PROTO] === 'B') assert.is(back.n, 7);
    }
  }
});

test('zero and default values of structs with a __proto__ member are own properties (older version, both paths)', () => {
  const Inner = t.struct('keys.Inner', fields<Schema>([[PROTO, t.u8], ['s', t.string]]) as any);
  const U = t.union('keys.Tagged', { A: { inner: Inner }, B: t.unit }, { tag: PROTO });
  const V1 = t.struct('keys.Outer', {
    a: t.u8,
    zero: t.field(Inner, { since: 1 }),
    dflt: t.field(Inner, { since: 1, default: fields<unknown>([[PROTO, 9], ['s', 'd']]) as any }),
    list: t.field(t.array(Inner, 2), { since: 1 }),
    tagged: t.field(U, { since: 1 }),
  });
  const old = codec(V1, { version: 1 }).encode({ a: 1 } as never, { version: 0 });
  for (const compile of [true, false]) {
    const back = codec(V1, { version: 1, compile }).decode(old) as any;
    const what = compile ? 'compiled' : 'interpreted';
    ownIs(back.zero, PROTO, 0, `${what} zero`);
    ownIs(back.dflt, PROTO, 9, `${what} default`);
    ownIs(back.list[1], PROTO, 0, `${what} zero array item`);
    ownIs(back.tagged, PROTO, 'A', `${what} zero union`);
    ownIs(back.tagged.inner, PROTO, 0, `${what} zero union member`);
  }
});

/** A fresh packed struct with a `__proto__` field (accessors are chosen once per struct). */
const recordStruct = () => t.struct('keys.Rec', fields<Schema>([['constructor', t.f32], [PROTO, t.u16], ['x', t.i8], ['y', t.u8]]) as any);

function checkRecords(S: ReturnType<typeof recordStruct>, what: string): void {
  const items = [1, 2, 3].map((i) => fields<number>([['constructor', i / 2], [PROTO, i], ['x', -i], ['y', i]]));
  const ra = RecordArray.from(S, items as never[]);
  ownIs(ra.get(1), PROTO, 2, `${what} get`);
  ownIs(ra.get(1), 'constructor', 1, `${what} get`);
  ra.set(0, fields<number>([['constructor', 0.25], [PROTO, 40], ['x', 5], ['y', 0]]) as never);
  ownIs(ra.get(0), PROTO, 40, `${what} after set`);
  let i = 0;
  for (const r of ra) ownIs(r, PROTO, [40, 2, 3][i++], `${what} iteration`);
  assert.is(i, 3);
  ra.toArray().forEach((r, j) => ownIs(r, 'x', [5, -2, -3][j], `${what} toArray`));
  // Through a codec: decoded records read the same.
  const R = t.struct('keys.HasRecords', { r: t.records(S) });
  for (const compile of [true, false]) {
    const c = codec(R, { version: 0, compile });
    const back = c.decode(c.encode({ r: ra } as never)) as { r: RecordArray };
    ownIs(back.r.get(2), PROTO, 3, `${what} decoded records (codec compile: ${compile})`);
  }
}

test('RecordArray of a struct with a __proto__ field: compiled accessors', () => {
  checkRecords(recordStruct(), 'compiled');
});

test('RecordArray of a struct with a __proto__ field: interpreted accessors', () => {
  setCompileDefault(false);
  try {
    checkRecords(recordStruct(), 'interpreted');
  } finally {
    setCompileDefault('auto');
  }
});

// Decoding a Map of keys that all hash to one bucket is quadratic in V8 (1 MB of f64 keys: 22 s);
// the decoder fails with LIMIT_EXCEEDED once the keys' hash chains grow faster than linearly.
for (const kind of ['f64', 'u32', 'i32', 'u64', 'i64'] as const) {
  test(`map with ${kind} keys crafted to collide in the hash table: LIMIT_EXCEEDED on both paths`, () => {
    const S = t.map(t[kind], t.u8);
    const keys = collidingKeys(kind, 2000);
    const bytes = codec(S, { version: 0 }).encode(new Map(keys.map((k) => [k, 1])) as never);
    bothThrow(S, {}, (c) => c.decode(bytes), 'LIMIT_EXCEEDED', undefined, /collide/);
    // Nested inside a struct and a vector, as in a real save.
    const N = t.struct('keys.Nested', { a: t.string, m: t.vec(S) });
    const nested = codec(N, { version: 0 }).encode({ a: 'x', m: [new Map(), new Map(keys.map((k) => [k, 2]))] } as never);
    bothThrow(N, {}, (c) => c.decode(nested), 'LIMIT_EXCEEDED', 'keys.Nested.m[1]', /collide/);
  });
}

test('maps whose keys share hash buckets moderately (8 per bucket) still decode, both paths', () => {
  for (const kind of ['f64', 'u32', 'i32', 'u64', 'i64'] as const) {
    const keys = collidingKeys(kind, 4000, 500);
    roundTrip(t.map(t[kind], t.u16), new Map(keys.map((k, i) => [k, i])));
  }
});

/** `n` distinct ordinary keys of `kind` (patterns real data has: sequences, steps, timestamps, ids). */
function ordinaryKeys(kind: string, n: number): unknown[] {
  const f: Record<string, (i: number) => unknown> = {
    bool: (i) => i === 1, u8: (i) => i, i8: (i) => i - 128, u16: (i) => i * 97 % 65536, i16: (i) => ((i * 31) % 65536) - 32768,
    u32: (i) => (i * 2654435761) % 2 ** 32, i32: (i) => (i * 65536) | 0, f32: (i) => Math.fround(i / 8 - 100),
    f64: (i) => [0, -1.5, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN][i] ?? 1.7e12 + i * 1000.5,
    u64: (i) => (i === 0 ? 2n ** 64n - 1n : BigInt(i) << 40n), i64: (i) => (i === 0 ? -(2n ** 63n) : i === 1 ? 2n ** 63n - 1n : -BigInt(i) * 10n ** 12n),
    string: (i) => `key ${i}`,
  };
  const limit: Record<string, number> = { bool: 2, u8: 256, i8: 256 };
  return Array.from({ length: Math.min(n, limit[kind] ?? n) }, (_, i) => f[kind]!(i));
}

test('ordinary maps with every key kind round-trip on both paths (guarded sizes)', () => {
  for (const kind of ['bool', 'u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'f64', 'u64', 'i64', 'string'] as const) {
    for (const n of [3, 65, 5000]) {
      const keys = ordinaryKeys(kind, n);
      const value = new Map(keys.map((k, i) => [k, i % 251]));
      assert.is(value.size, keys.length, `${kind}: distinct keys`);
      roundTrip(t.map(t[kind], t.u8), value);
    }
  }
  // Keys of composite kinds, and a custom key type mixing numbers and strings.
  const E = t.enum('keys.E', ['a', 'b', 'c']);
  roundTrip(t.map(E, t.string), new Map([['a', 'x'], ['c', 'z']]));
  roundTrip(t.map(t.option(t.f64), t.u8), new Map<number | undefined, number>([[undefined, 1], [-0.5, 2], [7, 3]]));
  const Either = t.custom(t.string, { name: 'keys.Either', encode: (x: number | string) => (typeof x === 'number' ? `#${x}` : x), decode: (s) => (s.startsWith('#') ? Number(s.slice(1)) : s) });
  roundTrip(t.map(Either, t.u8), new Map<number | string, number>(Array.from({ length: 3000 }, (_, i) => [i % 2 ? i * 0.25 : `s${i}`, i % 200])));
});

test('a map of many duplicate keys decodes (the last value wins, as before)', () => {
  const S = t.map(t.u32, t.u8);
  const c = codec(S, { version: 0, checksum: false });
  const bytes = c.encode(new Map(Array.from({ length: 4000 }, (_, i) => [i, i % 256])));
  // Rewrite every key to one of 10 values: 4000 entries, 10 distinct keys.
  const start = bytes.length - 4000 * 5;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < 4000; i++) view.setUint32(start + i * 5, i % 10, true);
  for (const x of Object.values(both(S, { checksum: false }))) {
    const m = x.decode(bytes) as Map<number, number>;
    assert.equal([...m.keys()], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.is(m.get(3), 3993 % 256);
  }
});

test.run();
