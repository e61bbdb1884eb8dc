// saveFile / loadFile onProgress (API.md 13): monotonic, at least every 4 MB, ends at the file's
// length; large saves go through the streams and still write encode's bytes (uncompressed).
// A deflated save of 6 MB (~2 s of deflate): test/heavy-progress.test.ts.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec } from '../src/index.ts';
import { loadFile, saveFile } from '../src/node.ts';
import { big, Big, checkLog, deflatedRoundTrip, sameBytes } from './helpers/progress-data.ts';

const plain = codec(Big, { version: 0 });
const dir = mkdtempSync(join(tmpdir(), 'savepack-progress-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const v20 = big(20);

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
  assert.ok(sameBytes(file, enc), 'same bytes as encode');
  const read: [number, number][] = [];
  const back = await loadFile(p, plain, { onProgress: (d, n) => read.push([d, n]) });
  checkLog(read, size, 5);
  assert.is(back.frames.length, v20.frames.length);
  assert.ok(sameBytes(back.frames[79]!, v20.frames[79]!));
});

// A deflated save over 4 MB (progress in several steps, deflate in blocks): test/heavy-progress.test.ts.
test('a deflated save reports progress and loads with loadFile and decode', async () => {
  await deflatedRoundTrip(join(dir, 'z.bin'), big(0.5), 1 << 19, 1, 1);
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
