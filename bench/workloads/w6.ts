// W6: one message holding a vector of 20,000 `{x: i32, y: f64, z: f64}` structs — the big-vector
// case whose decode savepack lost (issue 13). x uniform in [-1,000,000, 1,000,000], y and z
// doubles uniform in [-10,000, 10,000) (seeded).

import type { Cloud, Point, Workload } from '../types.ts';
import { rng } from './rng.ts';

/** Points in W6 (full size, smoke-test size). */
export const POINT_COUNT = 20_000;
export const SMALL_POINT_COUNT = 33;
const SEED = 0x5a7e_0006;

/** `n` seeded points. */
export function points(n: number): Cloud {
  const r = rng(SEED);
  const out: Point[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { x: r.int(-1_000_000, 1_000_000), y: r.float(-1e4, 1e4), z: r.float(-1e4, 1e4) };
  return { points: out };
}

/** W6: the vector of structs. */
export const w6: Workload = {
  id: 'w6',
  title: 'W6 vector of structs',
  describe: `\`{ points: [...${POINT_COUNT.toLocaleString('en-US')} × {x: i32, y: f64, z: f64}] }\` as plain objects, one message (seeded; x uniform in ±1,000,000, y and z in ±10,000).`,
  make: (small) => ({ id: 'w6', value: points(small ? SMALL_POINT_COUNT : POINT_COUNT) }),
  // ~1–3 ms calls that allocate 20k objects: like W3, short rounds in fresh processes, median kept.
  // The speed a process settles at varies: savepack's decode ran 571, 580 and 1,151 ops/s in the
  // three rounds of one run (load ~6 on 2 cores), and 1.7× vs 0.8× the best peer in two runs.
  timing: { time: 250, iterations: 8, warmupIterations: 3, warmupTime: 80, batch: 1, minSampleMs: 20 },
  rounds: 3,
};
