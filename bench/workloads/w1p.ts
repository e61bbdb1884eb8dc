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
  timing: { time: 600, iterations: 15, warmupIterations: 3, warmupTime: 150, batch: 1, minSampleMs: 25 },
};
