// W4: one entity — the small-message case, where per-call overhead dominates.

import type { Workload } from '../types.ts';
import { entities } from './entities.ts';

export const w4: Workload = {
  id: 'w4',
  title: 'W4 small message',
  describe: 'One W3 entity (the first), encoded and decoded on its own.',
  make: () => ({ id: 'w4', value: entities(1)[0]! }),
  // Sub-microsecond operations: each sample is the mean of a batch of calls.
  timing: { time: 400, iterations: 50, warmupIterations: 20, warmupTime: 100, batch: 1000 },
};
