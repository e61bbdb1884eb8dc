// W3: 10,000 game entities, `{ entities: [...] }`.

import type { Workload } from '../types.ts';
import { ENTITY_COUNT, SMALL_ENTITY_COUNT, entities } from './entities.ts';

export const w3: Workload = {
  id: 'w3',
  title: 'W3 entities',
  describe: `\`{ entities: [...${ENTITY_COUNT.toLocaleString('en-US')} × { id: u32, name: 8–16 chars, pos: {x,y,z: f64}, hp: u16, alive: bool, inventory: 3 short strings, kind: enum of 4 }] }\` (seeded; ids sequential, hp uniform u16, 90% alive, items from a list of 16).`,
  make: (small) => ({ id: 'w3', value: { entities: entities(small ? SMALL_ENTITY_COUNT : ENTITY_COUNT) } }),
  // The speed a process settles at still varies from one process to the next (JIT and GC
  // heuristics: savepack's decode ran ~10% slow in one round of three now and then, which decided
  // a ratio whose target it meets by ~5%): five shorter rounds in fresh processes, median kept.
  timing: { time: 300, iterations: 8, warmupIterations: 3, warmupTime: 100, batch: 1, minSampleMs: 25 },
  rounds: 5,
};
