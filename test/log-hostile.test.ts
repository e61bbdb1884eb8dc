// Hostile logs: random bytes, random bit flips, truncations and forged chunk headers (valid header
// check, absurd lengths and counts) give openLog, read and iteration either values or a
// SavepackError, never another exception, and never an allocation beyond the file's size.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, RecordArray, SavepackError, t } from '../src/index.ts';
import { openLog } from '../src/node.ts';
import { xxh64 } from '../src/wasm/index.ts';

const Move = t.struct('test.Move', { tick: t.u32, x: t.i16, flag: t.bool, pad: t.u8 });
const moves = codec(t.records(Move), { version: 0 });
const Note = t.struct('test.Note', { text: t.string, tags: t.vec(t.string) });
const notes = codec(Note, { version: 0 });

const root = mkdtempSync(join(tmpdir(), 'savepack-log-hostile-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const target = join(root, 'x.splog');

/** Opens, reads everything and iterates the log in `bytes`; returns 'ok' or the SavepackError code. Anything else is thrown. */
async function exercise(bytes: Uint8Array, c: typeof moves | typeof notes, skipDamaged: boolean): Promise<string> {
  writeFileSync(target, bytes);
  try {
    const log = await openLog(target, c as typeof moves, { skipDamaged });
    try {
      await log.read();
      if (log.length > 1) await log.read(1, log.length);
      for await (const chunk of log) void chunk;
    } finally {
      await log.close();
    }
    return 'ok';
  } catch (e) {
    if (e instanceof SavepackError) return e.code;
    throw e;
  }
}

/** The head of a log: the 32-byte header, the schema section, padding to 8, the head's XXH64. */
const headOf = (b: Uint8Array) => b.subarray(0, Math.ceil((32 + new DataView(b.buffer, b.byteOffset).getUint32(16, true)) / 8) * 8 + 8);

let movesLog: Uint8Array;
let notesLog: Uint8Array;
test.before(async () => {
  const a = join(root, 'moves.splog');
  const log = await openLog(a, moves, { create: true, sync: false });
  for (let i = 0; i < 4; i++) await log.append(RecordArray.from(Move, Array.from({ length: 3 + i }, (_, k) => ({ tick: k, x: -k, flag: k % 2 === 0, pad: 0 }))));
  await log.close();
  movesLog = new Uint8Array(readFileSync(a));
  const b = join(root, 'notes.splog');
  const log2 = await openLog(b, notes, { create: true, sync: false });
  for (let i = 0; i < 4; i++) await log2.append({ text: 'n'.repeat(i), tags: ['a', 'bc'].slice(0, i % 3) });
  await log2.close();
  notesLog = new Uint8Array(readFileSync(b));
});

test('random bit flips and truncations of valid logs: values or SavepackError', async () => {
  const codes = new Set<string>();
  await fc.assert(fc.asyncProperty(fc.boolean(), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.nat(), fc.boolean(), fc.boolean(), async (useMoves, flips, cut, doCut, skip) => {
    const src = useMoves ? movesLog : notesLog;
    const b = src.slice(0, doCut ? cut % (src.length + 1) : src.length);
    for (const f of flips) if (b.length) b[f % b.length]! ^= 1 << (f % 8);
    codes.add(await exercise(b, useMoves ? moves : notes, skip));
  }), { numRuns: 300 });
  assert.ok(codes.size > 2, `only ${[...codes]}`);
});

test('random bytes after a valid head, and random whole files: values or SavepackError', async () => {
  await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.boolean(), async (tail, whole) => {
    const head = headOf(movesLog);
    const b = whole ? tail : Uint8Array.from([...head, ...tail]);
    await exercise(b, moves, tail.length % 2 === 0);
  }), { numRuns: 200 });
});

/** A chunk header with a valid header check and the given fields (no payload). */
function forgedHeader(payload: number, seq: number, items: number): Uint8Array {
  const h = new Uint8Array(24);
  const v = new DataView(h.buffer);
  v.setUint32(0, 0x4b435053, true);
  v.setUint32(4, payload, true);
  v.setUint32(8, seq, true);
  v.setUint32(16, items, true);
  v.setUint32(20, Number(xxh64(h.subarray(0, 20)) & 0xffffffffn), true);
  return h;
}

test('forged chunk headers: absurd payload lengths are a torn tail, absurd counts INVALID_DATA, nothing large allocated', async () => {
  const head = headOf(movesLog); // the head of the moves log (32 + section + pad + 8)
  const forged = (p: number, items: number, extra = 64) => Uint8Array.from([...head, ...forgedHeader(p, 0, items), ...new Uint8Array(extra).fill(1)]);
  writeFileSync(target, forged(0xffffffff, 1));
  const torn = await openLog(target, moves);
  assert.is(torn.length, 0);
  assert.ok(torn.recovered > 0);
  await torn.close();
  assert.is(await exercise(forged(8, 0xffffffff, 32 - 16 + 16), moves, false), 'INVALID_DATA');
  assert.is(await exercise(forged(8, 2, 32 - 16 + 16), notes, false), 'SCHEMA_MISMATCH');
});

test.run();
