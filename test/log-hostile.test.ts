// Hostile logs: random bytes, random bit flips, truncations and forged chunk headers (valid header
// check, absurd lengths and counts) give openLog, read and iteration either values or a
// SavepackError, never another exception, and never an allocation beyond the file's size.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordArray } from '../src/index.ts';
import { openLog } from '../src/node.ts';
import { exerciseAt, forgedHeader, headOf, moves, notes, Move } from './helpers/log-hostile.ts';

const root = mkdtempSync(join(tmpdir(), 'savepack-log-hostile-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const target = join(root, 'x.splog');
/** Opens, reads everything and iterates the log in `bytes` (written to target); returns 'ok' or the SavepackError code. */
const exercise = (bytes: Uint8Array, c: typeof moves | typeof notes, skipDamaged: boolean) => exerciseAt(target, bytes, c, skipDamaged);

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
