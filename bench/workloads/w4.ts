// W4: one entity — the small-message case, where per-call overhead dominates.

import type { Workload } from '../types.ts';
import { entities } from './entities.ts';

export const w4: Workload = {
  id: 'w4',
  title: 'W4 small message',
  describe: 'One W3 entity (the first), encoded and decoded on its own.',
  make: () => ({ id: 'w4', value: entities(1)[0]! }),
  // Sub-microsecond operations: clock reads only every 1000 calls. The speed a process settles at
  // varies (savepack encode 2.1 M vs 3.7 M ops/s from one process to the next): three short
  // rounds in fresh processes, median kept.
  timing: { time: 200, iterations: 8, warmupIterations: 3, warmupTime: 100, batch: 1000, minSampleMs: 20 },
  rounds: 3,
};
