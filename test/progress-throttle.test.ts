// The one progress throttler (src/codec/progress.ts) behind saveFile / loadFile and the browser
// slot stores: monotonic reports, one every PROGRESS_STEP bytes at most (less than a step plus a
// chunk apart), exactly one at the total; a throwing onProgress fails saveFile with 'IO'.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, SavepackError } from '../src/index.ts';
import { saveFile } from '../src/node.ts';
import { PROGRESS_STEP, throttleProgress } from '../src/codec/progress.ts';
import { big, Big } from './helpers/progress-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'savepack-throttle-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Feeds `sizes` as chunks to a throttler of their sum (after `reported`); the calls it made. */
function run(sizes: number[], reported?: number, extra: number[] = []): [number, number][] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const log: [number, number][] = [];
  const report = throttleProgress(total, (d, n) => log.push([d, n]), reported);
  let done = 0;
  for (const s of sizes) report(done += s);
  for (const d of extra) report(d);
  return log;
}

/** Checks a log of a throttler of `total` bytes fed chunks of at most `chunk` bytes. */
function check(log: [number, number][], total: number, chunk: number, from = 0): void {
  let last = from;
  for (const [d, n] of log) {
    assert.is(n, total);
    assert.ok(d >= last, `${d} after ${last}`);
    assert.ok(d - last < PROGRESS_STEP + chunk, `a step of ${d - last} bytes`);
    last = d;
  }
  assert.equal(log[log.length - 1], [total, total]);
  assert.is(log.filter(([d]) => d === total).length, 1, 'one report at the total');
}

test('chunks dividing the step (loadFile reads 256 KiB): first chunk, then exactly every PROGRESS_STEP, then the total once', () => {
  const sizes = Array<number>(21).fill(1 << 18).concat([1000]);
  const total = (21 << 18) + 1000;
  const log = run(sizes, undefined, [total, total]); // later calls at the total stay silent
  check(log, total, 1 << 18);
  assert.equal(log.map(([d]) => d), [1 << 18, 5 << 18, 9 << 18, 13 << 18, 17 << 18, 21 << 18, total]);
  for (let i = 2; i < log.length - 1; i++) assert.is(log[i]![0] - log[i - 1]![0], PROGRESS_STEP);
});

test('ragged chunks (a header, then pieces of up to 1 MiB): reports less than a step plus a chunk apart', () => {
  let x = 7;
  const sizes = [137];
  for (let i = 0; i < 60; i++) { x = (x * 1103515245 + 12345) % 2147483648; sizes.push(1 + (x % PROGRESS_STEP)); }
  const total = sizes.reduce((a, b) => a + b, 0);
  const log = run(sizes);
  check(log, total, PROGRESS_STEP);
  assert.equal(log[0], [137, total], 'the first chunk is reported');
  assert.ok(log.length >= total / (2 * PROGRESS_STEP), `${log.length} reports`);
});

test('with (0, total) already reported (the browser stores): no report before a full step; one at the total; none for an empty file', () => {
  const log = run([1000, PROGRESS_STEP - 1000, 5], 0);
  assert.equal(log.map(([d]) => d), [PROGRESS_STEP, PROGRESS_STEP + 5]);
  assert.equal(run([], 0, [0, 0]), []);
  assert.equal(run([], undefined, [0, 0]), [[0, 0]], 'without it, an empty file reports (0, 0) once');
});

test('no callback: report does nothing; a throwing callback throws out of report', () => {
  throttleProgress(10, undefined)(10);
  const report = throttleProgress(10, () => { throw new Error('stop'); });
  assert.throws(() => report(10), /stop/);
});

test('a throwing onProgress fails saveFile with IO, small or written in chunks, and the old file stays', async () => {
  const c = codec(Big, { version: 0 });
  for (const [name, mb] of [['small.bin', 0.01], ['chunked.bin', 5]] as const) {
    const p = join(dir, name);
    writeFileSync(p, 'old');
    let err: unknown;
    try {
      await saveFile(p, c, big(mb), { onProgress: () => { throw new Error('stop here'); } });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof SavepackError, `${name}: ${String(err)}`);
    assert.is(err.code, 'IO', name);
    assert.match(err.message, /stop here/);
    assert.is(readFileSync(p, 'utf8'), 'old', name);
  }
});

test.run();
