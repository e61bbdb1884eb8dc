// W1: a history of 1,000,000 positions as plain objects, `{ history: [{x, y}, ...] }`.

import type { Workload } from '../types.ts';
import { HISTORY_LENGTH, SMALL_HISTORY_LENGTH, objectPositions } from './positions.ts';

export const w1: Workload = {
  id: 'w1',
  title: 'W1 history objects',
  describe: `\`{ history: [...${HISTORY_LENGTH.toLocaleString('en-US')} × {x: u32, y: u32}] }\` as plain objects; x, y uniform over the u32 range (seeded).`,
  make: (small) => ({ id: 'w1', value: { history: objectPositions(small ? SMALL_HISTORY_LENGTH : HISTORY_LENGTH) } }),
  // A decode allocates a million objects: a major GC lands every ~10 calls and costs several
  // calls' worth, so the timed phase spans many calls (ops/s = calls ÷ time). The slowest rows take
  // ~0.5 s a call: few samples. How fast a codec walks the million objects depends on where they
  // landed in the heap; child.ts makes them after a GC, the same in every row's process, and since
  // then the rounds of a row agree (two rounds of every row in one run: within 1-9% of each other,
  // savepack's decode 15.0 and 15.5 ops/s, msgpackr's 8.89 and 8.98): one round, whose ~45 s
  // went to more rounds of W1p and W3, whose ratios sit nearer their targets.
  timing: { time: 700, iterations: 2, warmupIterations: 1, warmupTime: 200, batch: 1, minSampleMs: 200 },
  rounds: 1,
};
