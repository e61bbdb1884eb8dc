// Untrusted input, memory: huge declared lengths allocate (almost) nothing, the peak memory/input
// ratio of the most expensive elements, zero-size elements that cannot multiply, compression
// bombs refused without inflating, inflate buffers that grow as data arrives.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inflateSync } from 'fflate';
import { codec, RecordArray, SavepackError, t, type Schema } from '../src/index.ts';
import { ALLOC_BASE, ALLOC_PER_BYTE } from '../src/wire/reader.ts';
import { hex, varint } from './fuzz/mutate.ts';
import { reseal } from './fuzz/container.ts';
import { throwsCode } from './helpers/codecs.ts';
import { growth, rawFile } from './helpers/fuzz-memory.ts';

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

test.run();
