// W1: a history of 1,000,000 positions as plain objects, `{ history: [{x, y}, ...] }`.

import type { Workload } from '../types.ts';
import { HISTORY_LENGTH, SMALL_HISTORY_LENGTH, objectPositions } from './positions.ts';

export const w1: Workload = {
  id: 'w1',
  title: 'W1 history objects',
  describe: `\`{ history: [...${HISTORY_LENGTH.toLocaleString('en-US')} × {x: u32, y: u32}] }\` as plain objects; x, y uniform over the u32 range (seeded).`,
  make: (small) => ({ id: 'w1', value: { history: objectPositions(small ? SMALL_HISTORY_LENGTH : HISTORY_LENGTH) } }),
  // A decode allocates a million objects: a major GC lands every ~10 calls and costs several
  // calls' worth, so the timed phase must span many calls for calls ÷ time to settle.
  // The slowest rows take ~0.5 s a call: few samples.
  timing: { time: 1800, iterations: 3, warmupIterations: 1, warmupTime: 300, batch: 1, minSampleMs: 250 },
};
