// The per-decode allocation budget (reader.ts ALLOC_PER_BYTE / ALLOC_BASE): what a decode
// allocates — defaults and zero values of fields an older file lacks included — is bounded by the
// input's size; compiled and interpreted decoders charge identically, so they refuse the same files.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, open, RecordArray, SavepackError, t, type Schema } from '../src/index.ts';
import { ALLOC_BASE, ALLOC_PER_BYTE, STRING_RESERVE } from '../src/wire/reader.ts';

const MODES = [true, false] as const;
const mode = (compile: boolean) => (compile ? 'compiled' : 'interpreted');

/** A codec of `schema` at current version `version`, no checksum or schema section (small files). */
const make = (schema: Schema, version: number, compile: boolean) =>
  codec(schema, { version, compile, checksum: false, schemaHeader: false });

/** The SavepackError `fn` throws (fails the test when it returns). */
function error(fn: () => unknown, what: string): SavepackError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, SavepackError, `${what}: ${String(e)}`);
    return e as SavepackError;
  }
  throw new assert.Assertion({ message: `${what}: expected LIMIT_EXCEEDED, it decoded`, operator: 'throws', expects: 'LIMIT_EXCEEDED', actual: 'decoded' });
}

/** Asserts `fn` fails with LIMIT_EXCEEDED naming the budget. */
function overBudget(fn: () => unknown, what: string): void {
  const e = error(fn, what);
  assert.is(e.code, 'LIMIT_EXCEEDED', `${what}: ${e.message}`);
  assert.match(e.message, /allocation budget of \d+ bytes/, what);
  assert.match(e.message, /ALLOC_PER_BYTE/, what);
}

const THOUSAND = Array.from({ length: 1000 }, (_, i) => i % 251);
// Version 1 added a field whose default is a 1000-element array: a version-0 item takes no bytes.
const Item = t.struct('budget.Item', { big: t.field(t.vec(t.u8), { since: 1, default: THOUSAND }) });
const Items = t.vec(Item);
// The same with a default function.
const FnItem = t.struct('budget.FnItem', { big: t.field(t.vec(t.u8), { since: 1, default: () => THOUSAND.slice() }) });
// A field without a default: its zero value is 1000 arrays of 1000 numbers (~8 MB).
const Grid = t.struct('budget.Grid', { id: t.u8, grid: t.field(t.array(t.array(t.u8, 1000), 1000), { since: 1 }) });

/** A version-0 file of `n` empty items, written by a version-0 codec. */
function oldItems(schema: Schema, n: number): Uint8Array {
  return codec(schema, { version: 1, checksum: false, schemaHeader: false }).encode(Array.from({ length: n }, () => ({})) as never, { version: 0 });
}

test('a 59-byte version-0 file whose items each get a 1000-element default is refused, heap bounded', () => {
  const file = oldItems(Items, 60_000); // within the old zero-size allowance: ~490 MB of defaults
  assert.ok(file.length <= 59, `${file.length} bytes`);
  for (const compile of MODES) {
    const c = make(Items, 1, compile);
    const before = process.memoryUsage().heapUsed;
    overBudget(() => c.decode(file), mode(compile));
    // Before the budget this built ~8 KB per item: gigabytes. Charged before allocating, it stops
    // within the budget (once more when the interpreter re-runs for the path).
    assert.ok(process.memoryUsage().heapUsed - before < 4 * ALLOC_BASE + (64 << 20), 'heap grew far past the budget');
  }
});

test('default functions are measured: their values count against the budget too', () => {
  const file = oldItems(t.vec(FnItem), 1 << 16);
  for (const compile of MODES) overBudget(() => make(t.vec(FnItem), 1, compile).decode(file), mode(compile));
});

test('zero values of missing fields count: a vec of old structs with a 1000x1000 array field', () => {
  const G0 = codec(t.vec(Grid), { version: 1, checksum: false, schemaHeader: false });
  const many = G0.encode(Array.from({ length: 16 }, (_, i) => ({ id: i })) as never, { version: 0 });
  const one = G0.encode([{ id: 7 }] as never, { version: 0 });
  for (const compile of MODES) {
    const c = make(t.vec(Grid), 1, compile);
    overBudget(() => c.decode(many), mode(compile));
    // One is within the budget's base: it loads, with its own zero grid.
    const [g] = c.decode(one) as { id: number; grid: number[][] }[];
    assert.is(g!.id, 7);
    assert.is(g!.grid.length, 1000);
    assert.ok(g!.grid.every((row) => row.length === 1000 && row.every((x) => x === 0)));
  }
});

test('legitimate files with big defaults at small counts still decode, each with its own copy', () => {
  const file = oldItems(Items, 100);
  for (const compile of MODES) {
    const got = make(Items, 1, compile).decode(file) as { big: number[] }[];
    assert.is(got.length, 100);
    assert.equal(got[99]!.big, THOUSAND);
    assert.ok(got[0]!.big !== got[1]!.big && got[0]!.big !== THOUSAND, 'defaults are copied');
  }
});

test('vec(unit): up to ALLOC_BASE of slots loads; far more is LIMIT_EXCEEDED', () => {
  const c = (compile: boolean) => make(t.vec(t.unit), 0, compile);
  const ok = c(true).encode(new Array(1_000_000).fill(undefined));
  const tooMany = c(true).encode(new Array(ALLOC_BASE / 2).fill(undefined));
  for (const compile of MODES) {
    assert.is((c(compile).decode(ok) as unknown[]).length, 1_000_000, mode(compile));
    overBudget(() => c(compile).decode(tooMany), mode(compile));
  }
});

test('bytes that back values buy budget: ALLOC_PER_BYTE per payload byte', () => {
  // 64 KiB of empty records (one byte each, the costliest value per byte) is well inside.
  const R = t.struct('budget.R', { x: t.u8 });
  const s = t.vec(t.records(R));
  const file = make(s, 0, true).encode(Array.from({ length: 1 << 16 }, () => new RecordArray(R, 0)));
  for (const compile of MODES) assert.is((make(s, 0, compile).decode(file) as unknown[]).length, 1 << 16);
  assert.ok(ALLOC_PER_BYTE >= 400 && ALLOC_BASE >= 1 << 20);
});

test('strings are paid from the reserve their bytes set aside, never from the rest of the budget', () => {
  // A file of strings and then far too many units: the budget's "left" when the units are refused
  // is the chargeable budget of the payload, (ALLOC_PER_BYTE - STRING_RESERVE) per byte + ALLOC_BASE,
  // less the charges of the objects and slots, whatever the strings' number, lengths and cache.
  const S = t.struct('budget.Strings', { names: t.vec(t.string), units: t.vec(t.unit) });
  const units = new Array(ALLOC_BASE).fill(undefined); // 8 bytes a slot: twice the budget's fixed part
  const lists = [[], ['ab', 'ab', 'ab'], Array.from({ length: 300 }, (_, i) => `name-${i}`), ['é'.repeat(60), 'x'.repeat(127), 'y'.repeat(128), 'z'.repeat(5000)]];
  const left = new Map<boolean, number[]>();
  for (const names of lists) {
    const file = codec(S, { version: 0, frame: 'none' }).encode({ names, units });
    for (const compile of MODES) {
      const e = error(() => codec(S, { version: 0, frame: 'none', compile }).decode(file), mode(compile));
      assert.is(e.code, 'LIMIT_EXCEEDED', e.message);
      assert.match(e.message, new RegExp(`${STRING_RESERVE} per byte of it kept for strings`));
      const have = Number(/; (\d+) left\)/.exec(e.message)![1]);
      // Chargeable budget less the root object and the names vector (48 + 8 per slot; the units are refused before their charge).
      const expected = (ALLOC_PER_BYTE - STRING_RESERVE) * file.length + ALLOC_BASE - 56 - (48 + 8 * names.length);
      assert.is(have, expected, `${mode(compile)}, ${names.length} strings: ${e.message}`);
      left.set(compile, [...(left.get(compile) ?? []), have]);
    }
  }
  assert.equal(left.get(true), left.get(false), 'compiled and interpreted charge the same');
});

test('empty t.typed and t.records items at scale decode to distinct, owned, empty values', () => {
  const R = t.struct('budget.R2', { x: t.u16, y: t.u16 });
  const n = 1 << 16;
  const cases: [Schema, () => unknown, (x: unknown) => boolean][] = [
    [t.vec(t.typed('f64')), () => new Float64Array(0), (x) => x instanceof Float64Array && x.length === 0],
    [t.vec(t.typed('u8')), () => new Uint8Array(0), (x) => x instanceof Uint8Array && x.length === 0],
    [t.vec(t.records(R)), () => new RecordArray(R, 0), (x) => x instanceof RecordArray && x.length === 0],
  ];
  for (const [schema, empty, ok] of cases) {
    for (const compile of MODES) {
      const c = make(schema, 0, compile);
      const file = c.encode(Array.from({ length: n }, empty) as never);
      const got = c.decode(file) as unknown[];
      assert.is(got.length, n);
      assert.ok(got.every(ok), `${schema.kind} ${mode(compile)}`);
      assert.ok(got[0] !== got[1]);
      if (got[0] instanceof RecordArray) {
        (got[0] as RecordArray).push({ x: 1, y: 2 });
        assert.is((got[1] as RecordArray).length, 0, 'records do not share storage');
      }
    }
  }
});

/** The largest `n` (below `hi`) whose file `mk(n)` `c` decodes, by bisection (decoding is monotone in n). */
function largestDecodable(decode: (b: Uint8Array) => unknown, mk: (n: number) => Uint8Array, hi: number): number {
  let lo = 0;
  while (lo + 1 < hi) {
    const mid = Math.floor((lo + hi) / 2);
    let fits = true;
    try { decode(mk(mid)); } catch (e) {
      if (!(e instanceof SavepackError) || e.code !== 'LIMIT_EXCEEDED') throw e;
      fits = false;
    }
    if (fits) lo = mid; else hi = mid;
  }
  return lo;
}

test('compiled and interpreted decoders charge identically: they refuse exactly the same files', () => {
  const Leaf = t.struct('budget.Leaf', { n: t.u8, extra: t.field(t.array(t.u16, 1000), { since: 1 }) });
  const Shape = t.union('budget.Shape', {
    Dot: t.variant({}),
    Box: t.variant({ w: t.u8, tags: t.field(t.vec(t.string), { since: 1, default: () => ['a', 'b'] }) }),
  });
  const Tree: Schema = t.struct('budget.Tree', { leaf: Leaf, kids: t.vec(t.lazy(() => Tree)), shape: t.option(Shape) });
  const cases: [string, Schema, (n: number) => unknown, number][] = [
    ['default array', Items, (n) => Array.from({ length: n }, () => ({})), 1 << 16],
    ['default function', t.vec(FnItem), (n) => Array.from({ length: n }, () => ({})), 1 << 16],
    ['units', t.vec(t.vec(t.unit)), (n) => Array.from({ length: 4 }, () => new Array(n).fill(undefined)), 1 << 19],
    ['tree', t.vec(Tree), (n) => Array.from({ length: n }, (_, i) => ({ leaf: { n: 1 }, kids: [{ leaf: { n: 2 }, kids: [], shape: undefined }], shape: i % 2 ? { kind: 'Box', w: 3 } : { kind: 'Dot' } })), 1 << 14],
  ];
  for (const [name, schema, value, hi] of cases) {
    const writer = codec(schema, { version: 1, checksum: false, schemaHeader: false });
    const files = new Map<number, Uint8Array>();
    const mk = (n: number) => files.get(n) ?? files.set(n, writer.encode(value(n) as never, { version: 0 })).get(n)!;
    const compiled = make(schema, 1, true), interpreted = make(schema, 1, false);
    const a = largestDecodable((b) => compiled.decode(b), mk, hi);
    assert.ok(a > 0 && a < hi - 1, `${name}: the budget bites somewhere (${a})`);
    // Decoding is monotone in n: the interpreter's limit is the same iff it takes n = a and refuses a + 1.
    assert.ok(interpreted.decode(mk(a)) !== undefined, `${name}: the interpreter decodes n = ${a}, as compiled does`);
    assert.is(error(() => interpreted.decode(mk(a + 1)), `${name} interpreted at ${a + 1}`).code, 'LIMIT_EXCEEDED', `${name}: compiled refuses n = ${a + 1}, the interpreter too`);
  }
});

test('inspect (open) bounds zero-size items exactly as decode does: the same largest count loads, one more is refused', () => {
  const c = codec(t.vec(t.unit), { version: 0, checksum: false });
  const mk = (n: number) => c.encode(new Array(n).fill(undefined));
  const a = largestDecodable((b) => c.decode(b), mk, ALLOC_BASE / 4);
  assert.ok(a > 0 && a < ALLOC_BASE / 4 - 1, `the budget bites (${a})`);
  assert.is(open(mk(a)).length(), a);
  assert.is(error(() => open(mk(a + 1)).length(), 'open at a + 1').code, 'LIMIT_EXCEEDED');
});

test.run();
