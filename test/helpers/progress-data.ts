// Shared by test/progress.test.ts and test/heavy-progress.test.ts: a large save value, the check
// of an onProgress log, and the round trip of a deflated save with progress.

import * as assert from 'uvu/assert';
import { readFileSync, statSync } from 'node:fs';
import { codec, t } from '../../src/index.ts';
import { loadFile, saveFile } from '../../src/node.ts';

/** A schema of big frames and some small parts. */
export const Big = t.struct('test.PBig', { name: t.string, frames: t.vec(t.bytes), scores: t.vec(t.u32) });
/** A value of Big. */
export type B = { name: string; frames: Uint8Array[]; scores: number[] };

/** ~`mb` MB of frames (pseudo-random bytes: deflate cannot shrink them much) and some small parts. */
export function big(mb: number): B {
  let x = 12345;
  const frames = Array.from({ length: Math.round(mb * 4) }, () => {
    const w = new Uint32Array(1 << 16); // xorshift32, four bytes a step
    for (let i = 0; i < w.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; w[i] = x; }
    return new Uint8Array(w.buffer);
  });
  return { name: 'big', frames, scores: Array.from({ length: 10_000 }, (_, i) => i) };
}

/** Checks a progress log against a file of `size` bytes: monotonic, steps of at most 4 MB, last (size, size). */
export function checkLog(log: [number, number][], size: number, minCalls: number): void {
  assert.ok(log.length >= minCalls, `${log.length} calls`);
  let last = 0;
  for (const [done, total] of log) {
    assert.is(total, size);
    assert.ok(done >= last && done <= total, `done ${done} after ${last}`);
    assert.ok(done - last <= 4 << 20, `a step of ${done - last} bytes`);
    last = done;
  }
  assert.equal(log[log.length - 1], [size, size]);
  assert.is(log.filter(([d]) => d === size).length, 1, 'called once at the end');
}

/** Whether two byte arrays hold the same bytes. */
export const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Big, deflated at level 1. */
export const deflated = codec(Big, { version: 0, compress: { method: 'deflate', level: 1 } });

/**
 * Saves `v` deflated to `path` with progress: the file is over `minSize` bytes, the log passes
 * {@link checkLog} with `minCalls`, and it loads back (frame `frame`) with loadFile and decode.
 */
export async function deflatedRoundTrip(path: string, v: B, minSize: number, minCalls: number, frame: number): Promise<void> {
  const log: [number, number][] = [];
  await saveFile(path, deflated, v, { onProgress: (d, n) => log.push([d, n]) });
  const size = statSync(path).size;
  assert.ok(size > minSize, `${size} bytes`);
  checkLog(log, size, minCalls);
  const back = await loadFile(path, deflated);
  assert.ok(sameBytes(back.frames[frame]!, v.frames[frame]!));
  assert.equal(deflated.decode(new Uint8Array(readFileSync(path))).scores, v.scores);
}
