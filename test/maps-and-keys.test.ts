// Maps with number and bigint keys (hash-collision guard, every key kind round-trips) and field
// names that are special on plain objects (`__proto__`, `constructor`, ...): every object savepack
// builds from a schema gets own properties for every field name, compiled and interpreted.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, RecordArray, setCompileDefault, t, type Schema } from '../src/index.ts';
import { both } from './helpers/codecs.ts';

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
  const old = codec(V1, { version: 0 }).encode({ a: 1 } as never);
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

test.run();
