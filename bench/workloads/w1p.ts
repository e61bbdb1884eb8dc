// W1p: the W1 positions packed — 8 MB of interleaved u32 pairs. savepack holds them in a
// RecordArray (t.records), the peers in their best form for it (a Uint32Array where they have
// typed arrays, packed repeated fixed32 for protobuf).

import type { Workload } from '../types.ts';
import { HISTORY_LENGTH, SMALL_HISTORY_LENGTH, packedPositions } from './positions.ts';

export const w1p: Workload = {
  id: 'w1p',
  title: 'W1p history packed',
  describe: `The W1 data packed: \`{ history: Uint32Array(${(2 * HISTORY_LENGTH).toLocaleString('en-US')}) }\` (x0, y0, x1, y1, ...; 8 MB) — a \`RecordArray\` of \`t.records(Pos)\` for savepack.`,
  make: (small) => ({ id: 'w1p', value: { history: packedPositions(small ? SMALL_HISTORY_LENGTH : HISTORY_LENGTH) } }),
  // Every row copies 8 MB a call and its speed is the memory's: rows land within a few % of each
  // other and of the allocate + copy limit, and one process's GC timing (8 MB of external memory
  // a call) moved a row ±10-35%: three shorter rounds in fresh processes, median kept.
  timing: { time: 300, iterations: 8, warmupIterations: 3, warmupTime: 100, batch: 1, minSampleMs: 25 },
  rounds: 3,
};
