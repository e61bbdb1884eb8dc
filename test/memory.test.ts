// Memory per builder (issue 11): for every kind of schema, a ~256 KiB input made entirely of its
// cheapest element (the most JS memory per input byte), decoded compiled and interpreted. The
// heap growth must stay within the documented per-decode budget, ALLOC_PER_BYTE × input bytes +
// ALLOC_BASE, whether the decode succeeds or is refused (a refused compiled decode is not re-run:
// it finds its error path itself); inputs built to pass the budget (tiny
// files of defaults, zero values and zero-size items) must fail with LIMIT_EXCEEDED. Prints the
// measured ratios (README, "Untrusted input").

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { codec, SavepackError, t, type Schema } from '../src/index.ts';
import { ALLOC_BASE, ALLOC_PER_BYTE } from '../src/wire/reader.ts';
import { varint } from './fuzz/mutate.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => { const h = getHeapStatistics(); return h.used_heap_size + h.external_memory; };

/** Memory growth of `fn()` after a full GC, its result kept alive until measured. */
function growth(fn: () => unknown): { bytes: number; result?: unknown; error?: unknown } {
  gc(); gc();
  const m0 = heap();
  try {
    const result = fn();
    return { bytes: heap() - m0, result };
  } catch (error) {
    return { bytes: heap() - m0, error };
  }
}

const N = 1 << 18;
/** `count` items of `item(i)` bytes after a varint count. */
const items = (count: number, item: (i: number) => number[]) => [...varint(count), ...Array.from({ length: count }, (_, i) => item(i)).flat()];
const zeros = (k: number) => () => new Array<number>(k).fill(0);
const le = (n: number, size: number) => Array.from({ length: size }, (_, b) => Math.floor(n / 2 ** (8 * b)) & 0xff);

const R1 = t.struct('m.R1', { x: t.u8 });
const S1 = t.struct('m.S1', { a: t.u8 });
const L: Schema = t.lazy(() => S1);
const Custom = t.custom(t.u8, { name: 'm.Box', encode: (b: { v: number }) => b.v, decode: (v) => ({ v }) });
const Item = t.struct('m.Item', { big: t.field(t.vec(t.u32), { since: 1, default: () => Array.from({ length: 1000 }, (_, i) => i) }) });
const ZItem = t.struct('m.ZItem', { big: t.field(t.array(t.f64, 1000), { since: 1 }) });
const Rich = t.struct('m.Rich', { a: t.u8, s: t.field(t.struct('m.Inner', { v: t.vec(t.u8), m: t.map(t.u8, t.u8), o: t.option(t.u8) }), { since: 1 }) });

/** What the decode of a case must do: decode, decode or be refused by the budget, be refused. */
type Want = 'ok' | 'ok-or-limit' | 'limit';
/** [builder, schema, codec version, file data version, payload, what it must do]. */
const cases: [string, Schema, number, number, number[], Want][] = [
  ['numbers: vec(u8)', t.vec(t.u8), 0, 0, items(N, zeros(1)), 'ok'],
  ['numbers: vec(u32)', t.vec(t.u32), 0, 0, items(N / 4, (i) => le(i * 4099, 4)), 'ok'],
  ['numbers: vec(f64)', t.vec(t.f64), 0, 0, items(N / 8, (i) => le(i, 8)), 'ok'],
  ['numbers: vec(i64) (bigint)', t.vec(t.i64), 0, 0, items(N / 8, (i) => le(i * 2 ** 20 + 7, 8)), 'ok'],
  ['bool: vec(bool)', t.vec(t.bool), 0, 0, items(N, zeros(1)), 'ok'],
  ['enums: vec(enum)', t.vec(t.enum('m.E', ['a', 'b'])), 0, 0, items(N, zeros(1)), 'ok'],
  ['strings: vec(string) of ""', t.vec(t.string), 0, 0, items(N, zeros(1)), 'ok'],
  ['strings: vec(string) of 1 char', t.vec(t.string), 0, 0, items(N / 2, (i) => [1, 0x20 + (i % 90)]), 'ok'],
  ['options: vec(option(u8)) of none', t.vec(t.option(t.u8)), 0, 0, items(N, zeros(1)), 'ok'],
  ['vec: vec(vec(u8)) of []', t.vec(t.vec(t.u8)), 0, 0, items(N, zeros(1)), 'ok'],
  ['array: vec(array(u8, 1))', t.vec(t.array(t.u8, 1)), 0, 0, items(N, zeros(1)), 'ok'],
  ['tuple: vec(tuple(u8))', t.vec(t.tuple(t.u8)), 0, 0, items(N, zeros(1)), 'ok'],
  ['map: vec(map) of empty', t.vec(t.map(t.u8, t.u8)), 0, 0, items(N, zeros(1)), 'ok-or-limit'],
  ['map: map(u32, unit) entries', t.map(t.u32, t.unit), 0, 0, items(N / 4, (i) => le(i, 4)), 'ok'],
  ['struct: vec(struct{u8})', t.vec(S1), 0, 0, items(N, zeros(1)), 'ok'],
  ['union: vec(union of units)', t.vec(t.union('m.U', { A: t.unit, B: t.unit })), 0, 0, items(N, zeros(1)), 'ok'],
  ['typed: vec(typed(u8)) of empty', t.vec(t.typed('u8')), 0, 0, items(N, zeros(1)), 'ok-or-limit'],
  ['records: vec(records) of empty', t.vec(t.records(R1)), 0, 0, items(N, zeros(1)), 'ok-or-limit'],
  ['bytes: vec(bytes) of empty', t.vec(t.bytes), 0, 0, items(N, zeros(1)), 'ok-or-limit'],
  ['unit: vec(unit) x 65536', t.vec(t.unit), 0, 0, varint(65536), 'ok-or-limit'],
  ['unit: vec(struct{}) x 65536', t.vec(t.struct('m.Empty', {})), 0, 0, varint(65536), 'ok-or-limit'],
  ['lazy: vec(lazy(struct{u8}))', t.vec(L), 0, 0, items(N, zeros(1)), 'ok'],
  ['custom: vec(custom(u8) → {v})', t.vec(Custom), 0, 0, items(N, zeros(1)), 'ok-or-limit'],
  ['defaults: v0 vec(struct) of 100', t.vec(Item), 1, 0, varint(100), 'ok'],
  ['zero values: v0 of a struct, 256 KiB', t.vec(Rich), 1, 0, items(N, zeros(1)), 'ok-or-limit'],
  // built to exceed the budget: tiny files of zero-size items that allocate
  ['defaults: v0, 20000 x 1000-element default', t.vec(Item), 1, 0, varint(20000), 'limit'],
  ['zero values: v0, 20000 x array(f64, 1000)', t.vec(ZItem), 1, 0, varint(20000), 'limit'],
  ['unit: vec(array(unit, 1000)) x 10000', t.vec(t.array(t.unit, 1000)), 0, 0, varint(10000), 'limit'],
  ['unit: vec(vec(unit)) 200 x 65536', t.vec(t.vec(t.unit)), 0, 0, [...varint(200), ...Array.from({ length: 200 }, () => varint(65536)).flat()], 'limit'],
  ['unit: vec(unit) x 2^32-1', t.vec(t.unit), 0, 0, varint(2 ** 32 - 1), 'limit'],
];

/** A header-only file (no schema section, no checksum) of data version `v` around `payload`. */
function rawFile(v: number, payload: number[]): Uint8Array {
  const f = new Uint8Array(32 + payload.length);
  f.set([0x73, 0x61, 0x76, 0x65, 0x70, 0x61, 0x63, 0x6b, 1, 0]);
  const d = new DataView(f.buffer);
  d.setUint32(12, v, true);
  d.setUint32(20, payload.length, true);
  d.setUint32(24, payload.length, true);
  f.set(payload, 32);
  return f;
}

/** The budget a decode of `input` may allocate. */
const budget = (input: Uint8Array) => ALLOC_PER_BYTE * input.length + ALLOC_BASE;

const title = `memory: every builder's worst 256 KiB input stays within ALLOC_PER_BYTE (${ALLOC_PER_BYTE}) × input + ALLOC_BASE (${ALLOC_BASE >> 20} MiB)`;

// Heap growth is measured in a fresh process: in the suite's shared process, what other test files
// left behind (V8's allocation-site feedback, half-finished GC cycles) shifts the numbers.
if (process.env.SAVEPACK_MEMORY_CHILD !== '1') {
  test(`${title} (in a fresh process)`, () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, SAVEPACK_MEMORY_CHILD: '1', FORCE_COLOR: '0' }, encoding: 'utf8', maxBuffer: 1 << 24,
    });
    const table = r.stdout.split('\n').filter((l) => /^\s{4}\S/.test(l) || /heap growth/.test(l));
    console.log(table.join('\n'));
    assert.is(r.status, 0, `the measuring process failed:\n${r.stdout}\n${r.stderr}`);
  });
} else test(title, () => {
  const rows: string[] = [];
  const bad: string[] = [];
  for (const [name, schema, version, fileVersion, payload, want] of cases) {
    const input = rawFile(fileVersion, payload);
    const cells: string[] = [];
    for (const compile of [true, false]) {
      const c = codec(schema, { version, checksum: false, schemaHeader: false, compile });
      try { c.decode(rawFile(fileVersion, [0])); } catch { /* compiles the decoder outside the measurement */ }
      // Heap growth includes garbage a collection would have freed: near the limit, the smallest
      // of three measurements is the one that shows what the decode holds.
      let g = growth(() => c.decode(input));
      for (let k = 0; k < 2 && g.bytes > budget(input); k++) {
        const again = growth(() => c.decode(input));
        if (again.bytes < g.bytes) g = again;
      }
      const how = compile ? 'compiled' : 'interpreted';
      const err = g.error;
      if (err !== undefined && !(err instanceof SavepackError)) bad.push(`${name} (${how}): threw ${String(err)}`);
      const code = err instanceof SavepackError ? err.code : 'ok';
      if (want === 'ok' && code !== 'ok') bad.push(`${name} (${how}): ${code}, expected a decode: ${(err as Error).message.slice(0, 160)}`);
      if (want === 'limit' && code !== 'LIMIT_EXCEEDED') bad.push(`${name} (${how}): ${code}, expected LIMIT_EXCEEDED`);
      if (want === 'ok-or-limit' && code !== 'ok' && code !== 'LIMIT_EXCEEDED') bad.push(`${name} (${how}): ${code}`);
      const allowed = budget(input);
      if (g.bytes > allowed) bad.push(`${name} (${how}): grew ${(g.bytes / 1e6).toFixed(1)} MB for a ${input.length}-byte input, allowed ${(allowed / 1e6).toFixed(1)} MB`);
      cells.push(`${(g.bytes / input.length).toFixed(0).padStart(7)}x ${(g.bytes / 1e6).toFixed(1).padStart(6)} MB ${code === 'ok' ? 'ok   ' : 'LIMIT'}`);
    }
    rows.push(`    ${name.padEnd(44)} ${String(input.length).padStart(7)} B ${cells.join('  ')}`);
  }
  console.log(`  heap growth per input byte (compiled | interpreted):\n${rows.join('\n')}`);
  assert.ok(bad.length === 0, `\n  ${bad.join('\n  ')}`);
});

test.run();
