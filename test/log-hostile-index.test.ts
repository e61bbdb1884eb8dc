// Hostile logs, index chunks: an open after a crash reads the chain of index chunks written by
// appends; forged and inconsistent index chunks send it back to the full walk, never change what
// the log holds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, RecordArray, SavepackError, t } from '../src/index.ts';
import { openLog } from '../src/node.ts';
import { xxh64 } from '../src/wasm/index.ts';
import { exerciseAt, forgedHeader, headOf, moves, notes } from './helpers/log-hostile.ts';

const root = mkdtempSync(join(tmpdir(), 'savepack-log-hostile-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const target = join(root, 'x.splog');
/** Opens, reads everything and iterates the log in `bytes` (written to target); returns 'ok' or the SavepackError code. */
const exercise = (bytes: Uint8Array, c: typeof moves | typeof notes, skipDamaged: boolean) => exerciseAt(target, bytes, c, skipDamaged);

// Index chunks written by appends (every 256 chunks or 1 MiB): an open after a crash (no final
// index chunk) reads their chain and walks only the headers after the last one. Forged and
// inconsistent index chunks must send it back to the full walk, never change what the log holds.

const Raw = t.struct('test.Raw', { a: t.u32, b: t.u32 });
const raws = codec(t.records(Raw), { version: 0 });
const SPIX = 0x58495053;
const rawChunk = (i: number, n = 2) => RecordArray.from(Raw, Array.from({ length: n }, (_, k) => ({ a: i, b: k })));

interface Chunk { at: number; index: boolean; payload: number; seq: number; items: number }
/** The chunks of a log file, parsed from its bytes (the test's own reader of FORMAT.md). */
function chunksOf(b: Uint8Array): Chunk[] {
  const v = new DataView(b.buffer, b.byteOffset, b.length), out: Chunk[] = [];
  for (let pos = headOf(b).length; pos + 24 <= b.length;) {
    const payload = v.getUint32(pos + 4, true);
    out.push({ at: pos, index: v.getUint32(pos, true) === SPIX, payload, seq: v.getUint32(pos + 8, true), items: v.getUint32(pos + 16, true) });
    pos += 24 + Math.ceil(payload / 8) * 8 + 8;
  }
  return out;
}
/** The bytes of a closed log without its final index chunk (as a crash after the last append leaves it). */
const cutFinalIndex = (b: Uint8Array) => b.slice(0, Number(new DataView(b.buffer, b.byteOffset).getBigUint64(b.length - 16, true)));
/** Recomputes the XXH64 of the chunk at `at` after its payload was changed. */
function reseal(b: Uint8Array, at: number): void {
  const v = new DataView(b.buffer, b.byteOffset), end = at + 24 + Math.ceil(v.getUint32(at + 4, true) / 8) * 8;
  v.setBigUint64(end, xxh64(b.subarray(at, end)), true);
}
/** A whole index chunk: sequence `seq`, back-link `prev`, entries [payload, items], at offset `self`. */
function indexChunkBytes(seq: number, prev: number, entries: [number, number][], self: number): Uint8Array {
  const p = 24 + 8 * entries.length, b = new Uint8Array(24 + p + 8), v = new DataView(b.buffer);
  v.setUint32(0, SPIX, true);
  v.setUint32(4, p, true);
  v.setUint32(8, seq, true);
  v.setUint32(20, Number(xxh64(b.subarray(0, 20)) & 0xffffffffn), true);
  v.setBigUint64(24, BigInt(prev), true);
  v.setBigUint64(32, BigInt(entries.length), true);
  entries.forEach(([len, items], i) => { v.setUint32(40 + 8 * i, len, true); v.setUint32(44 + 8 * i, items, true); });
  v.setBigUint64(24 + p - 8, BigInt(self), true);
  reseal(b, 0);
  return b;
}

/** Opens `bytes` as a raws log and returns its records as [a, b] pairs, with what the open reported. */
async function rawsOf(bytes: Uint8Array, skipDamaged = false) {
  writeFileSync(target, bytes);
  const log = await openLog(target, raws, { skipDamaged });
  try {
    const all = await log.read();
    return { length: log.length, recovered: log.recovered, damaged: [...log.damaged], pairs: Array.from(all, (r) => `${r.a}:${r.b}`).join(',') };
  } finally {
    await log.close();
  }
}

let crashed: Uint8Array; // 600 chunks of 2 records, index chunks before chunks 256 and 512, no final one
let expected: string;
test.before(async () => {
  const path = join(root, 'raws.splog');
  const log = await openLog(path, raws, { create: true, sync: false });
  for (let i = 0; i < 600; i++) await log.append(rawChunk(i));
  await log.close();
  crashed = cutFinalIndex(new Uint8Array(readFileSync(path)));
  expected = Array.from({ length: 600 }, (_, i) => `${i}:0,${i}:1`).join(',');
});

test('appends write index chunks; an open after a crash uses them (a damaged header before the last one is found on read), with a torn tail too', async () => {
  const ix = chunksOf(crashed).filter((c) => c.index);
  assert.equal(ix.map((c) => c.seq), [256, 512]);
  assert.equal(await rawsOf(crashed), { length: 1200, recovered: 0, damaged: [], pairs: expected });
  const torn = crashed.slice(0, crashed.length - 5);
  const t1 = await rawsOf(torn);
  assert.is(t1.length, 1198);
  assert.is(t1.recovered, crashed.length - 5 - chunksOf(crashed).at(-1)!.at);
  // Chunk 3's header damaged: the full walk would refuse the open; from the index chunks, the open
  // succeeds and reading chunk 3 is CHECKSUM naming it (skipDamaged: read around it).
  const b = crashed.slice(), c3 = chunksOf(b)[3]!;
  b[c3.at + 4]! ^= 8;
  writeFileSync(target, b);
  const log = await openLog(target, raws);
  assert.is(log.length, 1200);
  try {
    await log.read(0, 10);
    assert.unreachable('read a damaged chunk');
  } catch (e) {
    assert.instance(e, SavepackError);
    assert.is((e as SavepackError).code, 'CHECKSUM');
    assert.match((e as Error).message, /chunk 3 /);
  } finally {
    await log.close();
  }
  const skip = await rawsOf(b, true);
  assert.is(skip.pairs, expected.split(',').filter((p) => !p.startsWith('3:')).join(','));
  assert.equal(skip.damaged.map((d) => d.chunk), [3]);
});

test('forged back-links (looping, forward, outside the file, into a data chunk, above 2^53): the full walk decides', async () => {
  const [i1, i2] = chunksOf(crashed).filter((c) => c.index) as [Chunk, Chunk];
  const data = chunksOf(crashed).filter((c) => !c.index);
  for (const [which, prev] of [[i2, i2.at], [i2, i2.at + 8], [i2, crashed.length + 64], [i2, 2 ** 52], [i2, data[300]!.at], [i2, 2 ** 60], [i1, i2.at], [i1, i1.at], [i1, 8]] as const) {
    const b = crashed.slice();
    new DataView(b.buffer).setBigUint64(which.at + 24, BigInt(prev), true);
    reseal(b, which.at);
    assert.equal(await rawsOf(b), { length: 1200, recovered: 0, damaged: [], pairs: expected }, `prev ${prev} at ${which.at}`);
  }
});

test('an index chunk listing chunks that disagree with their headers: the full walk, or CHECKSUM when the chunk is read', async () => {
  const i2 = chunksOf(crashed).filter((c) => c.index)[1]!;
  const entry = (k: number) => i2.at + 24 + 16 + 8 * k; // entries 0..255: chunks 256..511
  for (const [k, dp, di] of [[10, 8, 0], [255, 0, -1], [255, 8, 0], [0, -8, 0]] as const) {
    const b = crashed.slice(), v = new DataView(b.buffer);
    v.setUint32(entry(k), v.getUint32(entry(k), true) + dp, true);
    v.setUint32(entry(k) + 4, v.getUint32(entry(k) + 4, true) + di, true);
    reseal(b, i2.at);
    assert.equal(await rawsOf(b), { length: 1200, recovered: 0, damaged: [], pairs: expected }, `entry ${k}`);
  }
  // Same lengths, one item fewer in the middle: the chain is consistent, the open believes it, and
  // the chunk whose header disagrees is CHECKSUM on read (skipped with skipDamaged).
  const b = crashed.slice(), v = new DataView(b.buffer);
  v.setUint32(entry(10) + 4, 1, true);
  reseal(b, i2.at);
  const r = await rawsOf(b, true);
  assert.is(r.length, 1199);
  assert.equal(r.damaged.map((d) => d.chunk), [266]);
  assert.is(await exercise(b, raws as unknown as typeof moves, false), 'CHECKSUM');
});

test('an upgrade reads each chunk as reading does: one whose header disagrees with the index chain fails it (old file kept) or is skipped', async () => {
  // The same forgery as above (chunk 266 listed with one record, its header says two): the open
  // believes the chain. The upgrade (version 0 -> 1) must not copy the chunk with the index's count.
  const i2 = chunksOf(crashed).filter((c) => c.index)[1]!;
  const b = crashed.slice(), v = new DataView(b.buffer);
  v.setUint32(i2.at + 24 + 16 + 8 * 10 + 4, 1, true);
  reseal(b, i2.at);
  const raws1 = codec(t.records(Raw), { version: 1 });
  writeFileSync(target, b);
  try {
    await openLog(target, raws1, { upgrade: true });
    assert.unreachable('upgraded a log with a chunk reading refuses');
  } catch (e) {
    assert.instance(e, SavepackError);
    assert.is((e as SavepackError).code, 'CHECKSUM');
    assert.match((e as Error).message, /chunk 266 .*not the one the index holds/);
  }
  assert.ok(Buffer.from(readFileSync(target)).equals(Buffer.from(b)), 'the old log is byte for byte what it was');
  // skipDamaged: the chunk is left out of the new file, as reading leaves it out; the upgraded log
  // is consistent (every chunk's header and records agree) and holds what reading held.
  const read = await rawsOf(b, true);
  writeFileSync(target, b);
  const up = await openLog(target, raws1, { upgrade: true, skipDamaged: true });
  try {
    assert.is(up.version, 1);
    const all = await up.read();
    // (The old log's length counted the one record the index claimed for the skipped chunk.)
    assert.equal([read.length, up.length, all.length], [1199, 1198, 1198]);
    assert.is(Array.from(all, (r) => `${r.a}:${r.b}`).join(','), read.pairs);
    assert.equal([...up.damaged], []);
  } finally {
    await up.close();
  }
  const again = await openLog(target, raws1);
  try {
    assert.is((await again.read()).length, 1198);
  } finally {
    await again.close();
  }
});

test('an index chunk forged inside a payload (valid XXH64, its own offset, a consistent chain) does not fool the open', async () => {
  const data = chunksOf(crashed), i2 = data.filter((c) => c.index)[1]!;
  const after = data.filter((c) => !c.index && c.at > i2.at).map((c): [number, number] => [c.payload, c.items]);
  const E = crashed.length, F = E + 32; // the next chunk's header at E, its payload (u32 count, records) at E + 24
  for (const forged of [indexChunkBytes(601, 0, [], F), indexChunkBytes(601, i2.at, [...after, [0, 0]], F)]) {
    const rec = new Uint8Array(97 * 8); // the forged chunk from byte 4 of the records (at F); 16 bytes of the file follow it
    rec.set(forged, 4);
    writeFileSync(target, crashed);
    const log = await openLog(target, raws);
    await log.append(RecordArray.fromBytes(Raw, rec));
    await log.close();
    const b = cutFinalIndex(new Uint8Array(readFileSync(target)));
    assert.equal(chunksOf(b).at(-1)!.at, E);
    assert.equal(b.subarray(F, F + forged.length), forged);
    if (forged.length > 56) assert.is(b.length - (F + forged.length), 16); // the walk after it would see a torn header
    const r = await rawsOf(b);
    assert.equal([r.length, r.recovered, r.damaged], [1200 + 97, 0, []]);
    assert.ok(r.pairs.startsWith(expected + ','));
  }
});

test('appends after an open from index chunks (a torn tail cut) continue the chain: later opens, clean or after a crash, hold every chunk', async () => {
  writeFileSync(target, crashed.slice(0, crashed.length - 5)); // chunk 599 torn
  const log = await openLog(target, raws, { sync: false });
  assert.ok(log.recovered > 0);
  for (let i = 599; i < 900; i++) await log.append(rawChunk(i));
  await log.close();
  const b = new Uint8Array(readFileSync(target));
  assert.equal(chunksOf(b).filter((c) => c.index).map((c) => c.seq), [256, 512, 768, 900]);
  const all = Array.from({ length: 900 }, (_, i) => `${i}:0,${i}:1`).join(',');
  assert.equal(await rawsOf(b), { length: 1800, recovered: 0, damaged: [], pairs: all });
  assert.equal(await rawsOf(cutFinalIndex(b)), { length: 1800, recovered: 0, damaged: [], pairs: all });
});

test('many forged index chunk headers near the end (each claiming the rest of the file): the open gives up on them and walks', async () => {
  const E = crashed.length, r = 400, end = E + 40 + 8 * r; // the next chunk: header at E, u32 count, records from E + 28, ends at `end`
  const rec = new Uint8Array(8 * r), v = new DataView(rec.buffer);
  for (let k = 0; 4 + 24 * k + 24 <= rec.length; k++) { // a header at E + 32 + 24k (8-aligned) whose chunk runs exactly to the end
    const at = 4 + 24 * k;
    v.setUint32(at, SPIX, true);
    v.setUint32(at + 4, end - (E + 32 + 24 * k) - 32, true);
    v.setUint32(at + 8, 600, true);
    v.setUint32(at + 20, Number(xxh64(rec.subarray(at, at + 20)) & 0xffffffffn), true);
  }
  writeFileSync(target, crashed);
  const log = await openLog(target, raws);
  await log.append(RecordArray.fromBytes(Raw, rec));
  await log.close();
  const b = cutFinalIndex(new Uint8Array(readFileSync(target)));
  assert.is(b.length, end);
  const got = await rawsOf(b);
  assert.equal([got.length, got.recovered, got.damaged], [1200 + r, 0, []]);
  assert.ok(got.pairs.startsWith(expected + ','));
});

test('a whole forged chain inside the last chunk (forged data chunk headers, an index chunk linked to the real one) makes the open from index chunks see a torn tail; the full walk decides, the append cuts nothing', async () => {
  // The crafted chunk 600 (real, whole) starts at E: header, varint count padded to 4, records from
  // E + 28. Inside its records: a forged header of chunk 601 at G (where chunk 600 would end if its
  // payload were L bytes), then a forged index chunk at F (seq 602) linked back to the real index
  // chunk before chunk 512, listing the real chunks 512..599, chunk 600 as L bytes and chunk 601 as
  // the forged header says. Its chain passes every check of the tail-index reader, and it ends 16
  // bytes before the end of the file: read through it, the log has a 16-byte torn tail.
  const data = chunksOf(crashed), i2 = data.filter((c) => c.index)[1]!;
  const after = data.filter((c) => !c.index && c.at > i2.at).map((c): [number, number] => [c.payload, c.items]);
  assert.is(after.length, 88);
  const E = crashed.length, L = 8, M = 20, size = (p: number) => 24 + Math.ceil(p / 8) * 8 + 8;
  const G = E + size(L), F = G + size(M);
  const forgedIx = indexChunkBytes(602, i2.at, [...after, [L, 1], [M, 2]], F);
  const X = F + forgedIx.length; // where the chain says the next chunk goes
  const r = Math.ceil((X - (E + 28)) / 8), rec = new Uint8Array(8 * r); // records reach past X
  rec.set(forgedHeader(M, 601, 2), G - (E + 28));
  rec.set(forgedIx, F - (E + 28));
  writeFileSync(target, crashed);
  const log = await openLog(target, raws, { sync: false });
  await log.append(RecordArray.fromBytes(Raw, rec));
  await log.close();
  const b = cutFinalIndex(new Uint8Array(readFileSync(target)));
  assert.equal(chunksOf(b).at(-1)!, { at: E, index: false, payload: 4 + 8 * r, seq: 600, items: r }); // one real chunk, to the end
  assert.equal(b.subarray(F, X), forgedIx);
  assert.equal(b.subarray(G, G + 24), forgedHeader(M, 601, 2));
  assert.is(b.length - X, 16); // after the forged index chunk, less than a header: torn, through the forged chain
  const v = new DataView(rec.buffer), crafted = Array.from({ length: r }, (_, k) => `${v.getUint32(8 * k, true)}:${v.getUint32(8 * k + 4, true)}`).join(',');
  const all = `${expected},${crafted},601:0,601:1`;
  // Open after the crash: nothing torn, the crafted chunk whole; the next append goes after it.
  writeFileSync(target, b);
  const again = await openLog(target, raws, { sync: false });
  assert.equal([again.length, again.recovered, again.damaged], [1200 + r, 0, []]);
  await again.append(rawChunk(601));
  await again.close();
  const c = new Uint8Array(readFileSync(target));
  assert.equal(c.subarray(0, b.length), b); // every byte before the append kept
  assert.equal(await rawsOf(c), { length: 1200 + r + 2, recovered: 0, damaged: [], pairs: all });
  assert.equal(await rawsOf(cutFinalIndex(c)), { length: 1200 + r + 2, recovered: 0, damaged: [], pairs: all });
});

test.run();
