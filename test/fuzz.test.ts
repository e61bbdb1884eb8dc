// Untrusted input: the CI-sized fuzz run (>= 100,000 hostile inputs over every builder, including
// hostile schema sections, header lengths near 2^31 / 2^32, and ~15% decoded from the middle of a
// canary-filled pooled buffer: test/fuzz/hostile.ts, test/fuzz/pooled.ts), memory bounds around
// huge declared lengths, compression bombs, and hostile values on the encode side.
//
// Environment: FUZZ_COUNT (default 100000), FUZZ_SEED (default fixed, so CI is repeatable; the long
// run `npm run fuzz` picks a random one), FUZZ_WORKERS (default: CPUs, at most 4).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { inflateSync } from 'fflate';
import { codec, RecordArray, SavepackError, t, type Codec, type Schema } from '../src/index.ts';
import { ALLOC_BASE, ALLOC_PER_BYTE } from '../src/wire/reader.ts';
import { formatFailure, runFuzz, summary } from './fuzz/harness.ts';
import { hex, varint } from './fuzz/mutate.ts';
import { reseal } from './fuzz/container.ts';

const COUNT = Number(process.env.FUZZ_COUNT ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const WORKERS = Number(process.env.FUZZ_WORKERS ?? Math.min(4, availableParallelism()));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** This isolate's heap in use plus memory held outside it (ArrayBuffers). */
const heap = () => {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory;
};
/** Runs `fn` after a full GC and returns the memory growth it caused (its result is kept alive until measured). */
function growth(fn: () => unknown): { bytes: number; result?: unknown; error?: unknown; ms: number } {
  gc();
  gc();
  const m0 = heap();
  const t0 = performance.now();
  let result: unknown, error: unknown;
  try {
    result = fn();
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0;
  return { bytes: heap() - m0, result, error, ms };
}

/** Asserts `fn` throws a SavepackError of `code` (optionally with `path` and a message matching `msg`). */
function throwsCode(fn: () => unknown, code: string, path?: string, msg?: RegExp): SavepackError {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof SavepackError)) throw new assert.Assertion({ message: `expected SavepackError ${code}, got ${String(e)}`, operator: 'throws', expects: code, actual: String(e) });
    assert.is(e.code, code, e.message);
    if (path !== undefined) assert.is(e.path, path, e.message);
    if (msg) assert.match(e.message, msg);
    return e;
  }
  throw new assert.Assertion({ message: `expected SavepackError ${code}, nothing was thrown`, operator: 'throws', expects: code, actual: 'no error' });
}


/** A header-only file (no schema, no checksum) around `payload`, as `c` writes it. */
function rawFile(c: Codec<any>, empty: unknown, payload: ArrayLike<number>): Uint8Array {
  const head = c.encode(empty).subarray(0, 32);
  const f = new Uint8Array(32 + payload.length);
  f.set(head);
  f.set(payload, 32);
  const v = new DataView(f.buffer);
  v.setUint32(20, payload.length, true);
  v.setUint32(24, payload.length, true);
  return f;
}

// ---------------------------------------------------------------------------------------------
// The fuzz run.
//
// The 'zero-size' schema once made this run fail ('memory', 'slow': ~50-byte inputs that built tens
// of MB); the per-decode allocation budget bounds it (see the zero-size test below).
// ---------------------------------------------------------------------------------------------
test(`fuzz: ${COUNT} hostile inputs over every builder — only SavepackError, bounded time and memory, nothing read outside the input`, async () => {
  console.log(`  fuzz seed ${SEED}, ${COUNT} inputs, ${WORKERS} workers (FUZZ_SEED / FUZZ_COUNT / FUZZ_WORKERS to change)`);
  const report = await runFuzz({ seed: SEED, count: COUNT, workers: WORKERS });
  console.log(summary(report).replace(/^/gm, '  '));
  if (report.seconds > 120) console.log(`  note: the run took ${report.seconds.toFixed(0)} s, more than the 2-minute CI budget (machine load?)`);
  assert.is(report.done, COUNT - report.failures.filter((f) => ['hang', 'oom', 'crash'].includes(f.kind)).length, 'every input ran');
  assert.ok(report.stats.pooled >= report.stats.decodes / 10, `pooled mode ran (${report.stats.pooled} of ${report.stats.decodes} decodes)`);
  assert.ok(report.failures.length === 0, `${report.failures.length} fuzz failures:\n${report.failures.map((f, i) => formatFailure(f, report.files[i])).join('\n')}`);
});

test('fuzz harness: a hang, an out-of-memory worker and a throw outside decode are reported with their input, and the run goes on', async () => {
  const failDir = mkdtempSync(join(tmpdir(), 'savepack-fuzz-selftest-'));
  try {
    const r = await runFuzz({ seed: 7, count: 240, workers: 2, hangMs: 3000, heapMb: 64, quiet: true, failDir, selfTest: { hangAt: 40, oomAt: 81, throwAt: 120 } });
    const got = r.failures.map((f) => `${f.kind}@${f.index}`).sort();
    assert.equal(got, ['crash@120', 'hang@40', 'oom@81']);
    for (const f of r.failures) {
      assert.ok(f.input.length > 0 || f.how === '-', 'the input is regenerated from (seed, index)');
      assert.ok(readFileSync(r.files[r.failures.indexOf(f)]!).length === f.input.length, 'and saved');
    }
    assert.is(r.done, 240 - 3, 'every other input ran');
  } finally {
    rmSync(failDir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// Memory around huge declared lengths.
// ---------------------------------------------------------------------------------------------

const R = t.struct('fz.R', { x: t.u32, y: t.u32 });
/** Schemas with a declared length, and an empty value of each. */
const lengthy: [string, Schema, unknown][] = [
  ['string', t.string, ''],
  ['bytes', t.bytes, new Uint8Array(0)],
  ['vec(u8)', t.vec(t.u8), []],
  ['vec(f64)', t.vec(t.f64), []],
  ['vec(string)', t.vec(t.string), []],
  ['vec(vec(u8))', t.vec(t.vec(t.u8)), []],
  ['vec(struct)', t.vec(t.struct('fz.M', { a: t.u8 })), []],
  ['map(u8,string)', t.map(t.u8, t.string), new Map()],
  ['typed(f64)', t.typed('f64'), new Float64Array(0)],
  ['typed(u8)', t.typed('u8'), new Uint8Array(0)],
  ['records', t.records(R), new RecordArray(R)],
  ['vec(unit)', t.vec(t.unit), []],
];

test('memory: declared lengths of 2^32-1, remaining+1 and 2^28 in a 1 MiB input allocate (almost) nothing', () => {
  const room = 1 << 20;
  for (const [name, schema, empty] of lengthy) {
    for (const compile of [true, false]) {
      const c = codec(schema, { version: 0, checksum: false, schemaHeader: false, compile });
      c.decode(c.encode(empty as never)); // compile outside the measurement
      for (const n of [0xffffffff, room + 1, 1 << 28, 2 ** 32 - 2]) {
        // zero-size items may legitimately fill the allocation budget (8 bytes a slot)
        if (name === 'vec(unit)' && n * 8 <= ALLOC_PER_BYTE * room + ALLOC_BASE) continue;
        const payload = new Uint8Array(5 + room);
        payload.set(varint(n));
        const input = rawFile(c, empty, payload.subarray(0, varint(n).length + room));
        const g = growth(() => c.decode(input));
        assert.ok(g.error instanceof SavepackError, `${name} n=${n}: ${String(g.error)}`);
        assert.ok(g.bytes < 2 * input.length + (1 << 20), `${name} (${compile ? 'compiled' : 'interpreted'}) declaring ${n}: grew ${g.bytes} bytes for a ${input.length}-byte input`);
        assert.ok(g.ms < 250, `${name} declaring ${n}: ${g.ms.toFixed(0)} ms`);
      }
    }
  }
});

/** Worst cases: 256 KiB inputs made entirely of the cheapest element, each a new JS object/array on decode. */
const perByte: [string, Schema, unknown][] = [
  ['vec(u8)', t.vec(t.u8), []],
  ['vec(bool)', t.vec(t.bool), []],
  ['vec(string) of ""', t.vec(t.string), []],
  ['vec(option(u8)) of none', t.vec(t.option(t.u8)), []],
  ['vec(enum)', t.vec(t.enum('fz.E', ['a', 'b'])), []],
  ['vec(vec(u8)) of []', t.vec(t.vec(t.u8)), []],
  ['vec(struct{u8})', t.vec(t.struct('fz.S1', { a: t.u8 })), []],
  ['vec(tuple(u8))', t.vec(t.tuple(t.u8)), []],
  ['vec(union of units)', t.vec(t.union('fz.U', { A: t.unit, B: t.unit })), []],
  ['vec(bytes) of empty', t.vec(t.bytes), []],
  ['vec(typed) of empty', t.vec(t.typed('u8')), []],
  ['vec(map) of empty', t.vec(t.map(t.u8, t.u8)), []],
  ['vec(records) of empty', t.vec(t.records(t.struct('fz.R1', { x: t.u8 }))), []],
];
/**
 * The largest memory/input ratio a valid decode may reach: an empty RecordArray costs ~370 bytes
 * of JS memory for its 1-byte count, an empty Uint8Array/Map ~190. 512 leaves room for V8 versions.
 */
const WORST_RATIO = 512;

test('memory: the peak memory/input ratio of valid 256 KiB inputs of the most expensive elements', () => {
  const N = 1 << 18;
  const rows: string[] = [];
  let peak = 0;
  for (const [name, schema, empty] of perByte) {
    for (const compile of [true, false]) {
      const c = codec(schema, { version: 0, checksum: false, schemaHeader: false, compile });
      c.decode(c.encode(empty as never));
      const payload = new Uint8Array(varint(N).length + N);
      payload.set(varint(N)); // N items of one zero byte each
      const input = rawFile(c, empty, payload);
      const g = growth(() => c.decode(input));
      assert.ok(!g.error, `${name}: ${String(g.error)}`);
      const ratio = g.bytes / input.length;
      peak = Math.max(peak, ratio);
      rows.push(`    ${name.padEnd(26)} ${compile ? 'compiled   ' : 'interpreted'} ${(g.bytes / 1e6).toFixed(1).padStart(6)} MB  ${ratio.toFixed(0).padStart(4)}x  ${g.ms.toFixed(0)} ms`);
      assert.ok(ratio < WORST_RATIO, `${name}: ratio ${ratio.toFixed(0)}`);
    }
  }
  console.log(`  memory growth per input byte, 256 KiB inputs (peak ${peak.toFixed(0)}x):\n${rows.join('\n')}`);
});

// Regression — zero-size elements. Values of a type that takes no bytes cannot be bounded by the
// bytes that remain; before a per-decode bound (today the allocation budget: ALLOC_PER_BYTE × input + ALLOC_BASE
// bytes of what decode allocates) they multiplied when nested: a 634-byte vec(vec(unit)) input built 13
// million array slots (~105 MB), a 34-byte vec(array(unit, 1000)) one 10 million (~80 MB).
test('memory: zero-size elements cannot multiply (vec(vec(unit)), vec(array(unit, 1000)))', () => {
  const cases: [string, Schema, number[], number][] = [
    // multiplying: bounded like any input (WORST_RATIO per byte + the budget's base, twice: a
    // failing compiled decode is re-run by the interpreter)
    ['vec(vec(unit)) 200 x 65536', t.vec(t.vec(t.unit)), [...varint(200), ...Array.from({ length: 200 }, () => varint(65536)).flat()], 2 * ALLOC_BASE + (2 << 20)],
    ['vec(array(unit, 1000)) x 10000', t.vec(t.array(t.unit, 1000)), varint(10000), 2 * ALLOC_BASE + (2 << 20)],
    // not multiplying: within the budget's base (a constant, ~17 MB at worst with the re-run)
    ['vec(struct{}) x 65536', t.vec(t.struct('fz.Empty', {})), varint(65536), 32 << 20],
    ['vec(unit) x 65536', t.vec(t.unit), varint(65536), 32 << 20],
  ];
  const bad: string[] = [];
  for (const [name, schema, payload, slack] of cases) {
    for (const compile of [true, false]) {
      const c = codec(schema, { version: 0, checksum: false, schemaHeader: false, compile });
      const input = rawFile(c, [], payload);
      const g = growth(() => c.decode(input));
      const ok = g.bytes < WORST_RATIO * input.length + slack && g.ms < 250;
      const line = `${name} (${compile ? 'compiled' : 'interpreted'}): ${input.length}-byte input → ${(g.bytes / 1e6).toFixed(1)} MB, ${g.ms.toFixed(0)} ms, ${g.error ? String(g.error).slice(0, 60) : 'decoded'}; input hex ${hex(input)}`;
      if (!ok) bad.push(line);
    }
  }
  assert.ok(bad.length === 0, `decodes far beyond the input size:\n${bad.join('\n')}`);
});

// ---------------------------------------------------------------------------------------------
// Compression bombs.
// ---------------------------------------------------------------------------------------------

const Blob = t.struct('fz.Blob', { data: t.bytes });
const BOMB = 64 << 20;

test('compression bomb: 64 MiB of zeros deflated; refused with LIMIT_EXCEEDED under maxBytes without inflating it', () => {
  const writer = codec(Blob, { version: 0, compress: 'deflate' });
  const bomb = writer.encode({ data: new Uint8Array(BOMB) });
  assert.ok(bomb.length < BOMB / 500, `the bomb is small: ${bomb.length} bytes`);
  const limited = codec(Blob, { version: 0, compress: 'deflate', limits: { maxBytes: 1 << 20 } });

  // 1. An honest header declares 64 MiB: refused before any inflating.
  const honest = growth(() => limited.decode(bomb));
  assert.ok(honest.error instanceof SavepackError && honest.error.code === 'LIMIT_EXCEEDED', String(honest.error));
  assert.ok(honest.bytes < 4 << 20, `honest header: grew ${honest.bytes}`);

  // 2. A lying header declares 512 KiB (checksum fixed up): inflating stops right past it.
  const liar = bomb.slice();
  new DataView(liar.buffer).setUint32(24, 512 << 10, true);
  reseal(liar);
  const full = growth(() => inflateSync(liar.subarray(liar.length - 8 - new DataView(liar.buffer).getUint32(20, true), liar.length - 8)));
  const lying = growth(() => limited.decode(liar));
  assert.ok(lying.error instanceof SavepackError && lying.error.code === 'LIMIT_EXCEEDED', String(lying.error));
  assert.ok(lying.bytes < 8 << 20, `lying header: grew ${(lying.bytes / 1e6).toFixed(1)} MB (inflating all of it grows ${(full.bytes / 1e6).toFixed(0)} MB)`);
  assert.ok(lying.ms < full.ms / 4 + 20, `lying header: ${lying.ms.toFixed(0)} ms vs ${full.ms.toFixed(0)} ms to inflate it all`);

  // 3. The same lie with default limits also stops at the declared size.
  const dflt = codec(Blob, { version: 0, compress: 'deflate' });
  const d = growth(() => dflt.decode(liar));
  assert.ok(d.error instanceof SavepackError && d.error.code === 'LIMIT_EXCEEDED', String(d.error));
  assert.ok(d.bytes < 8 << 20, `default limits: grew ${d.bytes}`);

  // 4. A header declaring more than deflate can expand to is refused outright.
  const impossible = bomb.slice();
  new DataView(impossible.buffer).setUint32(24, 0xffffffff, true);
  reseal(impossible);
  const i = growth(() => dflt.decode(impossible));
  assert.ok(i.error instanceof SavepackError, String(i.error));
  assert.ok(i.bytes < 4 << 20, `impossible raw length: grew ${i.bytes}`);
  console.log(`  bomb ${bomb.length} bytes → ${BOMB >> 20} MiB; refused in ${honest.ms.toFixed(1)} / ${lying.ms.toFixed(1)} / ${d.ms.toFixed(1)} ms (full inflate ${full.ms.toFixed(0)} ms, ${(full.bytes / 1e6).toFixed(0)} MB)`);
});

// Regression — the inflate buffer was allocated at the size the header declares before a byte was
// inflated: a 64 KiB file whose header claims 1,032 × its compressed size (deflate's own limit)
// made the decoder allocate 66 MB before failing. The output now grows as data arrives (doubling,
// capped at the declared size).
test('compression: a header declaring 1032x the compressed size does not allocate it before inflating', () => {
  const noise = new Uint8Array(64 << 10);
  let x = 12345;
  for (let i = 0; i < noise.length; i++) noise[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24; // incompressible
  const c = codec(Blob, { version: 0, compress: 'deflate' });
  const file = c.encode({ data: noise });
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const stored = v.getUint32(20, true);
  v.setUint32(24, stored * 1032 + 64, true);
  reseal(file);
  const g = growth(() => c.decode(file));
  assert.ok(g.error instanceof SavepackError, String(g.error));
  assert.ok(g.bytes < 64 * file.length + (16 << 20), `a ${file.length}-byte input declaring ${stored * 1032 + 64} inflated bytes grew memory by ${(g.bytes / 1e6).toFixed(1)} MB before failing (${String(g.error)})`);
});

test('compression bomb: maxBytes below the input size itself is LIMIT_EXCEEDED first', () => {
  const bomb = codec(Blob, { version: 0, compress: 'deflate' }).encode({ data: new Uint8Array(1 << 20) });
  throwsCode(() => codec(Blob, { version: 0, limits: { maxBytes: 64 } }).decode(bomb), 'LIMIT_EXCEEDED');
});

// ---------------------------------------------------------------------------------------------
// The encode side: hostile values.
// ---------------------------------------------------------------------------------------------

const Tree: Schema = t.struct('fz.Tree', { v: t.u8, kids: t.vec(t.lazy((): Schema => Tree)), next: t.option(t.lazy((): Schema => Tree)) });
const Expr: Schema = t.union('fz.Expr', { Num: { n: t.f64 }, Neg: { x: t.lazy((): Schema => Expr) }, Pair: { a: t.lazy((): Schema => Expr), b: t.lazy((): Schema => Expr) } });
const MapTree: Schema = t.struct('fz.MapTree', { m: t.map(t.string, t.lazy((): Schema => MapTree)) });
const both = (s: Schema, o = {}) => [codec(s, { version: 0, ...o }), codec(s, { version: 0, compile: false, ...o })] as const;

test('encode: cycles through t.lazy (struct, vec, option, union, map) are INVALID_VALUE, never a stack overflow', () => {
  const self: any = { v: 1, kids: [], next: undefined };
  self.next = self;
  const inVec: any = { v: 1, kids: [], next: undefined };
  inVec.kids.push({ v: 2, kids: [inVec], next: undefined });
  const neg: any = { kind: 'Neg', x: undefined };
  neg.x = { kind: 'Pair', a: { kind: 'Num', n: 1 }, b: neg };
  const m: any = { m: new Map() };
  m.m.set('loop', { m: new Map([['back', m]]) });
  for (const [s, v] of [[Tree, self], [Tree, inVec], [Expr, neg], [MapTree, m]] as const) {
    for (const c of both(s)) throwsCode(() => c.encode(v), 'INVALID_VALUE', undefined, /cycle/);
  }
  // A value that is shared but not cyclic (a DAG) is fine.
  const leaf = { v: 9, kids: [], next: undefined };
  for (const c of both(Tree)) assert.is((c.decode(c.encode({ v: 1, kids: [leaf, leaf], next: leaf })) as any).kids[1].v, 9);
});

test('encode: extremely deep values are LIMIT_EXCEEDED (10^5 and 10^6 levels), not a stack overflow', () => {
  for (const depth of [300, 100_000, 1_000_000]) {
    let list: any = { v: 1, kids: [], next: undefined };
    for (let i = 0; i < depth; i++) list = { v: 1, kids: [], next: list };
    let expr: any = { kind: 'Num', n: 0 };
    for (let i = 0; i < depth; i++) expr = { kind: 'Neg', x: expr };
    for (const c of both(Tree)) throwsCode(() => c.encode(list), 'LIMIT_EXCEEDED', undefined, /maxDepth/);
    for (const c of both(Expr)) throwsCode(() => c.encode(expr), 'LIMIT_EXCEEDED', undefined, /maxDepth/);
  }
  // With a higher maxDepth the same deep value still fails cleanly rather than overflowing the stack.
  let list: any = { v: 1, kids: [], next: undefined };
  for (let i = 0; i < 1_000_000; i++) list = { v: 1, kids: [], next: list };
  for (const c of both(Tree, { limits: { maxDepth: 10_000_000 } })) {
    try {
      c.encode(list);
    } catch (e) {
      assert.ok(e instanceof SavepackError, `maxDepth 10^7, 10^6 levels: ${String(e)}`);
    }
  }
});

test('encode: getters and proxies that throw are INVALID_VALUE with the path and the cause', () => {
  const cause = new Error('getter boom');
  const deep = { v: 1, kids: [{ v: 2, kids: [], next: undefined }, { v: 3, kids: [], next: undefined }], next: undefined };
  Object.defineProperty(deep.kids[1]!, 'v', { get() { throw cause; } });
  for (const c of both(Tree)) {
    const e = throwsCode(() => c.encode(deep), 'INVALID_VALUE', 'fz.Tree.kids[1].v');
    assert.is(e.cause, cause);
  }
  // a non-Error thrown value is kept as the cause too
  const str = { v: 1, kids: [], get next(): undefined { throw 'plain string'; } };
  for (const c of both(Tree)) assert.is(throwsCode(() => c.encode(str), 'INVALID_VALUE', 'fz.Tree.next').cause, 'plain string');
  // a Proxy whose get trap throws
  const proxy = new Proxy({ v: 1, kids: [], next: undefined }, { get(target, key) { if (key === 'kids') throw cause; return (target as any)[key]; } });
  for (const c of both(Tree)) assert.is(throwsCode(() => c.encode(proxy), 'INVALID_VALUE', 'fz.Tree.kids').cause, cause);
  // an array whose element getter throws
  const arr: any[] = [{ v: 1, kids: [], next: undefined }];
  Object.defineProperty(arr, 0, { get() { throw cause; } });
  for (const c of both(Tree)) assert.is(throwsCode(() => c.encode({ v: 1, kids: arr, next: undefined }), 'INVALID_VALUE', 'fz.Tree.kids[0]').cause, cause);
  // a Map whose iteration throws
  class BadMap extends Map<string, unknown> {
    override entries(): MapIterator<[string, unknown]> { throw cause; }
    override [Symbol.iterator](): MapIterator<[string, unknown]> { throw cause; }
  }
  const bm = new BadMap([['a', { m: new Map() }]]);
  for (const c of both(MapTree)) {
    const e = throwsCode(() => c.encode({ m: bm }), 'INVALID_VALUE');
    assert.is(e.cause, cause);
    assert.match(e.path, /^fz\.MapTree\.m/);
  }
  // numbers with throwing conversion traps are rejected by type, never converted
  const trap = { [Symbol.toPrimitive]() { throw cause; }, valueOf() { throw cause; } };
  for (const c of both(Tree)) throwsCode(() => c.encode({ v: trap, kids: [], next: undefined }), 'INVALID_VALUE', 'fz.Tree.v');
});

test.run();
