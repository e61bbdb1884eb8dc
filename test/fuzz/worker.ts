// A fuzz worker thread: runs inputs start, start+step, ... below end, writing the index it is on
// into shared memory before each (so a watchdog can name the input of a hang or a crash), and
// posting failures and stats.

import { parentPort, workerData } from 'node:worker_threads';
import { Engine, type Bounds } from './engine.ts';
import { warmUp } from './warm.ts';

const { seed, start, end, step, skip, bounds, shared, selfTest } = workerData as {
  seed: number; start: number; end: number; step: number; skip: string[]; bounds: Bounds; shared: SharedArrayBuffer;
  /** Harness self-test: misbehave at these inputs (a hang, running out of memory, a throw). */
  selfTest?: { hangAt?: number; oomAt?: number; throwAt?: number };
};
const progress = new Int32Array(shared); // [index now, inputs done]
const engine = new Engine(seed, bounds, new Set(skip));
warmUp();
let last = performance.now();
for (let i = start; i < end; i += step) {
  Atomics.store(progress, 0, i);
  if (selfTest) misbehave(i);
  for (const f of engine.run(i)) parentPort!.postMessage({ type: 'failure', failure: f });
  Atomics.add(progress, 1, 1);
  if (performance.now() - last > 500) {
    parentPort!.postMessage({ type: 'stats', stats: engine.stats });
    last = performance.now();
  }
}
parentPort!.postMessage({ type: 'done', stats: engine.stats });

function misbehave(i: number): void {
  if (i === selfTest!.hangAt) for (;;);
  if (i === selfTest!.throwAt) throw new Error('self-test: thrown outside a decode');
  if (i === selfTest!.oomAt) {
    const hog: number[][] = [];
    for (;;) hog.push(new Array(1 << 16).fill(i));
  }
}
