// W1: a history of 1,000,000 positions as plain objects, `{ history: [{x, y}, ...] }`.

import type { Workload } from '../types.ts';
import { HISTORY_LENGTH, SMALL_HISTORY_LENGTH, objectPositions } from './positions.ts';

export const w1: Workload = {
  id: 'w1',
  title: 'W1 history objects',
  describe: `\`{ history: [...${HISTORY_LENGTH.toLocaleString('en-US')} × {x: u32, y: u32}] }\` as plain objects; x, y uniform over the u32 range (seeded).`,
  make: (small) => ({ id: 'w1', value: { history: objectPositions(small ? SMALL_HISTORY_LENGTH : HISTORY_LENGTH) } }),
  // ~30 ops/s for the fast peers, ~2 ops/s for the slowest: few iterations.
  timing: { time: 1200, iterations: 5, warmupIterations: 2, warmupTime: 200, batch: 1, minSampleMs: 100 },
};
