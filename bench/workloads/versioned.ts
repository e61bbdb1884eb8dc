// Versioned load: the W3 data written as data version 0 of a schema whose current version is 2,
// loaded with the version-2 codec (defaults and conversions applied), against loading the same
// data written as version 2. savepack only; the schema history lives in codecs/savepack.ts:
//   v0: hp stored as f32, kind stored as a string, no `alive`
//   v1: `alive` added (default true)
//   v2: kind stored as the enum

import type { Entity, Workload, World } from '../types.ts';
import { ENTITY_COUNT, SMALL_ENTITY_COUNT, entities } from './entities.ts';

export const versioned: Workload = {
  id: 'versioned',
  title: 'Versioned load (W3, v0 file → v2 schema)',
  describe: 'The W3 data saved as data version 0 (hp as f32, kind as a string, no `alive`) and loaded with the version-2 codec (hp rounded, kind converted to the enum, alive defaulted), vs loading a version-2 file of the same data.',
  make: (small) => ({ id: 'versioned', value: { entities: entities(small ? SMALL_ENTITY_COUNT : ENTITY_COUNT) } }),
  // A ratio of two rows whose speed varies somewhat per process (JIT and GC heuristics): five
  // short rounds in fresh processes (two rows only), median kept.
  timing: { time: 300, iterations: 8, warmupIterations: 3, warmupTime: 100, batch: 1, minSampleMs: 25 },
  rounds: 5,
};

/** What loading a version-0 file of `w` gives: every entity alive (the v1 default); hp survives f32 and rounding exactly. */
export function expectedFromV0(w: World): World {
  return { entities: w.entities.map((e): Entity => ({ ...e, hp: Math.round(Math.fround(e.hp)), alive: true })) };
}
