// W3: 10,000 game entities, `{ entities: [...] }`.

import type { Workload } from '../types.ts';
import { ENTITY_COUNT, SMALL_ENTITY_COUNT, entities } from './entities.ts';

export const w3: Workload = {
  id: 'w3',
  title: 'W3 entities',
  describe: `\`{ entities: [...${ENTITY_COUNT.toLocaleString('en-US')} × { id: u32, name: 8–16 chars, pos: {x,y,z: f64}, hp: u16, alive: bool, inventory: 3 short strings, kind: enum of 4 }] }\` (seeded; ids sequential, hp uniform u16, 90% alive, items from a list of 16).`,
  make: (small) => ({ id: 'w3', value: { entities: entities(small ? SMALL_ENTITY_COUNT : ENTITY_COUNT) } }),
  // Decoding 10,000 entities runs in one of two speeds per process, for every codec (e.g. 2.5 vs
  // 6.4 ms a call for savepack, 4.1 vs 8.3 ms for msgpackr, by how the heap settles): three
  // shorter rounds in fresh processes, median kept.
  timing: { time: 300, iterations: 8, warmupIterations: 3, warmupTime: 100, batch: 1, minSampleMs: 25 },
  rounds: 3,
};
