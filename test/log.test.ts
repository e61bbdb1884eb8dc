// Append-only logs (API.md section 14, savepack/node openLog): appends, reads of record ranges,
// iteration, compaction, reopening, torn tails, damaged chunks, versioning, option checks.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, RecordArray, SavepackError, t } from '../src/index.ts';
import { loadFile, openLog, saveFile } from '../src/node.ts';

const Move = t.struct('test.Move', { tick: t.u32, x: t.i16, y: t.i16 });
const moves = codec(t.records(Move), { version: 0 });
const Note = t.struct('test.Note', { text: t.string, n: t.u32 });
const notes = codec(Note, { version: 0 });

const root = mkdtempSync(join(tmpdir(), 'savepack-log-'));
let n = 0;
const fresh = () => join(root, `l${n++}.splog`);
test.after(() => rmSync(root, { recursive: true, force: true }));

/** A chunk of `count` moves whose ticks start at `from`. */
const batch = (from: number, count: number) => RecordArray.from(Move, Array.from({ length: count }, (_, i) => ({ tick: from + i, x: (from + i) % 100, y: -((from + i) % 7) })));
const ticks = (ra: RecordArray<{ tick: number; x: number; y: number }>) => ra.toArray().map((m) => m.tick);
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

async function rejects(p: Promise<unknown>, code: string, re?: RegExp): Promise<SavepackError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SavepackError, `not a SavepackError: ${String(e)}`);
    assert.is((e as SavepackError).code, code, (e as Error).message);
    if (re) assert.match((e as Error).message, re);
    return e as SavepackError;
  }
  throw new Error(`expected ${code}`);
}

test('records log: append, length, read across chunks, reopen, iterate, compact', async () => {
  const path = fresh();
  const log = await openLog(path, moves, { create: true });
  assert.is(log.length, 0);
  assert.is(log.version, 0);
  await log.append(batch(0, 10));
  await log.append(batch(10, 5));
  await log.append(batch(15, 0));
  await log.append(batch(15, 20));
  assert.is(log.length, 35);
  assert.is(log.chunks, 4);
  assert.equal(ticks(await log.read(8, 17)), range(8, 17));
  assert.equal(ticks(await log.read()), range(0, 35));
  assert.is((await log.read(12, 12)).length, 0);
  await rejects(log.read(0, 36), 'INVALID_VALUE');
  await rejects(log.read(5, 4), 'INVALID_VALUE');
  await log.close();
  await rejects(log.append(batch(0, 1)), 'NOT_SUPPORTED', /closed/);

  const again = await openLog(path, moves);
  assert.is(again.length, 35);
  assert.is(again.recovered, 0);
  const seen: number[] = [];
  for await (const chunk of again) seen.push(...ticks(chunk));
  assert.equal(seen, range(0, 35));
  await again.append(batch(35, 3));
  const out = join(root, 'compact.sp');
  await again.compact(out);
  assert.equal(ticks(await loadFile(out, moves)), range(0, 38));
  await again.close();
});

test('appends not awaited one by one land in call order; a failing one does not stop the next', async () => {
  const path = fresh();
  const log = await openLog(path, moves, { create: true, sync: false });
  const bad = rejects(log.append({ nope: true } as never), 'INVALID_VALUE');
  await Promise.all([0, 1, 2, 3, 4].map((i) => log.append(batch(3 * i, 3))));
  await bad;
  assert.equal(ticks(await log.read()), range(0, 15));
  await log.close();
  const again = await openLog(path, moves);
  assert.is(again.chunks, 5);
  await again.close();
});

test('other schemas: length counts chunks, read returns the values, compact writes a t.vec', async () => {
  const path = fresh();
  const log = await openLog(path, notes, { create: true, sync: false });
  for (let i = 0; i < 5; i++) await log.append({ text: `note ${i}`, n: i });
  assert.is(log.length, 5);
  assert.equal((await log.read(1, 3)).map((x) => x.n), [1, 2]);
  const out = join(root, 'notes.sp');
  await log.compact(out);
  assert.equal((await loadFile(out, codec(t.vec(Note), { version: 0 }))).map((x) => x.text), ['note 0', 'note 1', 'note 2', 'note 3', 'note 4']);
  await log.close();
});

test('a value that does not fit is INVALID_VALUE and writes nothing; bad options and missing logs', async () => {
  const path = fresh();
  const log = await openLog(path, notes, { create: true });
  const size = statSync(path).size;
  await rejects(log.append({ text: 'x', n: -1 } as never), 'INVALID_VALUE');
  assert.is(statSync(path).size, size);
  await log.close();
  await rejects(openLog(join(root, 'missing.splog'), notes), 'IO', /create: true/);
  await rejects(openLog(path, notes, { sync: 'yes' } as never), 'INVALID_VALUE');
  await rejects(openLog(path, moves), 'SCHEMA_MISMATCH');
  await rejects(loadFile(path, notes), 'UNSUPPORTED_FORMAT');
  const plain = join(root, 'plain.sp');
  await saveFile(plain, notes, { text: 'a', n: 1 });
  await rejects(openLog(plain, notes), 'UNSUPPORTED_FORMAT', /not a log/);
});

test('a torn tail is dropped on open (recovered), never written by the open, cut off by the next append or close', async () => {
  const path = fresh();
  const log = await openLog(path, moves, { create: true });
  await log.append(batch(0, 10));
  const firstEnd = statSync(path).size;
  await log.append(batch(10, 10));
  const whole = statSync(path).size; // close appends an index chunk after this
  await log.close();
  const full = readFileSync(path);
  truncateSync(path, full.length - 3); // a torn index chunk: every data chunk is kept
  const noIndex = await openLog(path, moves);
  assert.is(noIndex.length, 20);
  assert.is(noIndex.recovered, full.length - 3 - whole);
  await noIndex.close();
  for (const cut of [1, 8, 30, 60]) {
    writeFileSync(path, full.subarray(0, whole - cut));
    const torn = await openLog(path, moves);
    assert.is(torn.length, 10, `cut ${cut}`);
    assert.is(torn.recovered, whole - cut - firstEnd);
    assert.equal(new Uint8Array(readFileSync(path)), new Uint8Array(full.subarray(0, whole - cut)), 'opening writes nothing');
    await torn.close(); // cuts the torn tail, appends an index chunk
    const clean = await openLog(path, moves);
    assert.is(clean.recovered, 0);
    assert.is(clean.length, 10);
    await clean.close();
  }
  writeFileSync(path, Buffer.concat([full.subarray(0, whole - 30), new Uint8Array(100)])); // zeros after a torn chunk (the file grew first)
  const log2 = await openLog(path, moves);
  assert.is(log2.length, 10);
  await log2.append(batch(10, 4));
  await log2.close();
  const log3 = await openLog(path, moves);
  assert.is(log3.recovered, 0);
  assert.equal(ticks(await log3.read()), range(0, 14));
  await log3.close();
});

/** A log of three 10-record chunks; returns its path, the chunks' offsets and where the index chunk close wrote starts. */
async function threeChunks(): Promise<{ path: string; at: number[]; end: number }> {
  const path = fresh();
  const log = await openLog(path, moves, { create: true });
  const at: number[] = [];
  for (let i = 0; i < 3; i++) {
    at.push(statSync(path).size);
    await log.append(batch(10 * i, 10));
  }
  const end = statSync(path).size;
  await log.close();
  assert.ok(statSync(path).size > end, 'close appends an index chunk');
  return { path, at, end };
}

const flip = (path: string, at: number, bit = 1) => {
  const b = readFileSync(path);
  b[at]! ^= bit;
  writeFileSync(path, b);
};

test('a flipped bit in a middle chunk payload is CHECKSUM naming the chunk; skipDamaged reads around it', async () => {
  const { path, at } = await threeChunks();
  flip(path, at[1]! + 40);
  const log = await openLog(path, moves);
  assert.is(log.length, 30);
  assert.equal(ticks(await log.read(0, 10)), range(0, 10));
  await rejects(log.read(5, 15), 'CHECKSUM', new RegExp(`chunk 1 \\(at byte ${at[1]}\\)`));
  await log.close();
  const skip = await openLog(path, moves, { skipDamaged: true });
  assert.equal(ticks(await skip.read()), [...range(0, 10), ...range(20, 30)]);
  assert.equal(skip.damaged, [{ chunk: 1, offset: at[1]!, bytes: at[2]! - at[1]! }]);
  await skip.close();
});

test('a flipped bit in a middle chunk header: CHECKSUM on read (index chunk) or on open (walk); skipDamaged skips the chunk', async () => {
  const { path, at, end } = await threeChunks();
  flip(path, at[1]! + 5);
  const indexed = await openLog(path, moves);
  assert.is(indexed.length, 30);
  assert.equal(ticks(await indexed.read(0, 10)), range(0, 10));
  await rejects(indexed.read(0, 30), 'CHECKSUM', new RegExp(`chunk 1 \\(at byte ${at[1]}\\)`));
  await indexed.close();
  truncateSync(path, end); // no index chunk (as after a crash): the open walks the headers
  await rejects(openLog(path, moves), 'CHECKSUM', new RegExp(`chunk 1 \\(at byte ${at[1]}\\)`));
  const skip = await openLog(path, moves, { skipDamaged: true });
  assert.is(skip.length, 20);
  assert.equal(ticks(await skip.read()), [...range(0, 10), ...range(20, 30)]);
  assert.equal(skip.damaged, [{ chunk: 1, offset: at[1]!, bytes: at[2]! - at[1]! }]);
  await skip.close();
});

test('index chunks: reopening a closed log reads them; appends after one and another close chain them', async () => {
  const path = fresh();
  for (let session = 0; session < 3; session++) {
    const log = await openLog(path, moves, { create: true });
    assert.is(log.length, 15 * session);
    assert.equal(ticks(await log.read()), range(0, 15 * session));
    await log.append(batch(15 * session, 10));
    await log.append(batch(15 * session + 10, 5));
    await log.close();
  }
  const size = statSync(path).size;
  const log = await openLog(path, moves); // nothing appended: close writes no index chunk
  await log.close();
  assert.is(statSync(path).size, size);
  const b = readFileSync(path);
  b[size - 40]! ^= 4; // a damaged index chunk: the open walks the chunk headers instead
  writeFileSync(path, b);
  const walked = await openLog(path, moves);
  assert.equal(ticks(await walked.read()), range(0, 45));
  assert.is(walked.length, 45);
  await walked.close();
});

test('a flipped bit in the last chunk: CHECKSUM when an index chunk follows it, else dropped like a torn append', async () => {
  const { path, at, end } = await threeChunks();
  flip(path, at[2]! + 40);
  const log = await openLog(path, moves);
  assert.is(log.length, 30);
  await rejects(log.read(25, 26), 'CHECKSUM', new RegExp(`chunk 2 \\(at byte ${at[2]}\\)`));
  await log.close();
  truncateSync(path, end);
  const torn = await openLog(path, moves);
  assert.is(torn.length, 20);
  assert.is(torn.recovered, end - at[2]!);
  await torn.close();
});

test('a damaged log head is CHECKSUM', async () => {
  const { path } = await threeChunks();
  flip(path, 40);
  await rejects(openLog(path, moves), 'CHECKSUM', /head/);
});

const Step0 = t.struct('test.Step', { x: t.u16 });
const Step = t.struct('test.Step', { x: t.u16, y: t.field(t.u16, { since: 1, default: 7 }) });
const Kind = t.enum('test.Kind', ['A', 'B', 'C'], { since: { C: 1 } });
const Ev = t.struct('test.Ev', { kind: Kind, n: t.u32 });
const Ev0 = t.struct('test.Ev', { kind: t.enum('test.Kind', ['A', 'B']), n: t.u32 });

test('versioning: a version-0 records log opens with a version-1 codec, appends stay at 0, upgrade rewrites at 1', async () => {
  const path = fresh();
  const v0 = codec(t.records(Step0), { version: 0 });
  const v1 = codec(t.records(Step), { version: 1 });
  const log0 = await openLog(path, v0, { create: true });
  await log0.append(RecordArray.from(Step0, [{ x: 1 }, { x: 2 }]));
  await log0.close();
  const log1 = await openLog(path, v1);
  assert.is(log1.version, 0);
  assert.equal((await log1.read()).toArray(), [{ x: 1, y: 7 }, { x: 2, y: 7 }]);
  await log1.append(RecordArray.from(Step, [{ x: 3, y: 99 }])); // written at version 0: y is not stored
  assert.equal((await log1.read(2, 3)).toArray(), [{ x: 3, y: 7 }]);
  await log1.close();
  const still0 = await openLog(path, v0); // the version-0 codec still reads it
  assert.is(still0.length, 3);
  await still0.close();
  const up = await openLog(path, v1, { upgrade: true });
  assert.is(up.version, 1);
  await up.append(RecordArray.from(Step, [{ x: 4, y: 44 }]));
  assert.equal((await up.read()).toArray(), [{ x: 1, y: 7 }, { x: 2, y: 7 }, { x: 3, y: 7 }, { x: 4, y: 44 }]);
  await up.close();
  await rejects(openLog(path, v0), 'NEWER_VERSION');
});

test('versioning: a value version k cannot hold is NOT_SUPPORTED at append (nothing written)', async () => {
  const path = fresh();
  const log0 = await openLog(path, codec(Ev0, { version: 0 }), { create: true });
  await log0.append({ kind: 'A', n: 1 });
  await log0.close();
  const v1 = codec(Ev, { version: 1 });
  const log = await openLog(path, v1);
  const size = statSync(path).size;
  await rejects(log.append({ kind: 'C', n: 2 }), 'NOT_SUPPORTED', /variant 'C'/);
  assert.is(statSync(path).size, size);
  await log.append({ kind: 'B', n: 3 });
  assert.equal(await log.read(), [{ kind: 'A', n: 1 }, { kind: 'B', n: 3 }]);
  await log.close();
  const up = await openLog(path, v1, { upgrade: true });
  await up.append({ kind: 'C', n: 2 });
  assert.equal((await up.read()).map((e) => e.kind), ['A', 'B', 'C']);
  await up.close();
});

test.run();
