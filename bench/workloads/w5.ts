// W5: small messages, one record at a time — one workload per message (w5-int, w5-double, ...),
// run together as the group `w5` and judged by geometric means across the messages (targets.ts).

import { W5_MESSAGES, type Workload } from '../types.ts';
import { MESSAGE_TITLES, messageData } from './messages.ts';

/** The W5 paragraph of the report. */
export const W5_DESCRIBE = 'Small messages, each encoded and decoded on its own (no framing: savepack with `frame: \'none\'` where available, the peers as they are). One sub-table per message; the summary gives per-message ratios and their geometric means.';

/**
 * Sub-microsecond calls for most messages: clock reads every 200 calls. Each row of each message
 * runs in a process of its own (48 processes), so each is timed briefly, in one round: the whole
 * group stays under a minute. Single rounds of short tasks are noisy: repeat with `--repeat 3`.
 */
export const W5: readonly Workload[] = W5_MESSAGES.map((m): Workload => ({
  id: `w5-${m}`,
  group: 'w5',
  title: `W5 ${MESSAGE_TITLES[m]}`,
  describe: W5_DESCRIBE,
  make: (small) => messageData(m, small),
  timing: { time: 90, iterations: 6, warmupIterations: 2, warmupTime: 30, batch: 200, minSampleMs: 12 },
}));
