// W4: one entity — the small-message case, where per-call overhead dominates.

import type { Workload } from '../types.ts';
import { entities } from './entities.ts';

export const w4: Workload = {
  id: 'w4',
  title: 'W4 small message',
  describe: 'One W3 entity (the first), encoded and decoded on its own.',
  make: () => ({ id: 'w4', value: entities(1)[0]! }),
  // Sub-microsecond operations: clock reads only every 1000 calls.
  timing: { time: 500, iterations: 20, warmupIterations: 5, warmupTime: 150, batch: 1000, minSampleMs: 20 },
};
