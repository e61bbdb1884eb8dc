// saveFile / loadFile onProgress (API.md 13): monotonic, at least every 4 MB, ends at the file's
// length; large saves go through the streams and still write encode's bytes (uncompressed).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, t } from '../src/index.ts';
import { loadFile, saveFile } from '../src/node.ts';

const Big = t.struct('test.PBig', { name: t.string, frames: t.vec(t.bytes), scores: t.vec(t.u32) });
type B = { name: string; frames: Uint8Array[]; scores: number[] };
const plain = codec(Big, { version: 0 });
const deflated = codec(Big, { version: 0, compress: { method: 'deflate', level: 1 } });
const dir = mkdtempSync(join(tmpdir(), 'savepack-progress-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** ~`mb` MB of frames (pseudo-random bytes: deflate cannot shrink them much) and some small parts. */
function big(mb: number): B {
  let x = 12345;
  const frames = Array.from({ length: mb * 4 }, () => {
    const f = new Uint8Array(1 << 18);
    for (let i = 0; i < f.length; i++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; f[i] = x >>> 24; }
    return f;
  });
  return { name: 'big', frames, scores: Array.from({ length: 10_000 }, (_, i) => i) };
}
const v20 = big(20);

/** Checks a progress log against a file of `size` bytes: monotonic, steps of at most 4 MB, last (size, size). */
function checkLog(log: [number, number][], size: number, minCalls: number): void {
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

test('saveFile and loadFile of a ~20 MB save report progress at least every 4 MB and end at the total', async () => {
  const p = join(dir, 'big.bin');
  const log: [number, number][] = [];
  await saveFile(p, plain, v20, { onProgress: (d, n) => log.push([d, n]) });
  const size = statSync(p).size;
  assert.ok(size > 20e6);
  checkLog(log, size, 5);
  // Written from the stream, chunk by chunk: still exactly encode's bytes.
  const file = new Uint8Array(readFileSync(p));
  const enc = plain.encode(v20);
  assert.ok(file.length === enc.length && file.every((b, i) => b === enc[i]), 'same bytes as encode');
  const read: [number, number][] = [];
  const back = await loadFile(p, plain, { onProgress: (d, n) => read.push([d, n]) });
  checkLog(read, size, 5);
  assert.is(back.frames.length, v20.frames.length);
  assert.ok(back.frames[79]!.every((b, i) => b === v20.frames[79]![i]));
});

test('a large deflated save is streamed (deflate in blocks) and loads with loadFile and decode', async () => {
  const p = join(dir, 'z.bin');
  const v = big(6);
  const log: [number, number][] = [];
  await saveFile(p, deflated, v, { onProgress: (d, n) => log.push([d, n]) });
  assert.ok(statSync(p).size > 4 << 20, `${statSync(p).size} bytes`);
  checkLog(log, statSync(p).size, 2);
  const back = await loadFile(p, deflated);
  assert.ok(back.frames[19]!.every((b, i) => b === v.frames[19]![i]));
  assert.equal(deflated.decode(new Uint8Array(readFileSync(p))).scores, v.scores);
});

test('a small save reports once, (total, total); a throwing onProgress fails the save, the old file stays', async () => {
  const p = join(dir, 'small.bin');
  const v = { name: 'x', frames: [new Uint8Array(3)], scores: [1] };
  const log: [number, number][] = [];
  await saveFile(p, plain, v, { onProgress: (d, n) => log.push([d, n]) });
  const size = statSync(p).size;
  assert.equal(log, [[size, size]]);
  const before = readFileSync(p);
  let threw = false;
  try {
    await saveFile(p, plain, big(6), { onProgress: () => { throw new Error('stop'); } });
  } catch {
    threw = true;
  }
  assert.ok(threw);
  assert.ok(readFileSync(p).equals(before));
});

test.run();
