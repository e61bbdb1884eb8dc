// The benchmark's timing path over every W5 message and W6, every row (one tiny pass each; the
// harness collects garbage before each of the ~100 tasks, ~4 s, hence the slow suite). No timing
// assertions. test/bench-smoke.test.ts round-trips every row of every workload and times W5 int.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WORKLOADS } from '../bench/workloads/index.ts';
import { sp, timeEveryRow } from './helpers/bench-smoke.ts';

test('W5 and W6 time every row (one tiny pass each, encodeInto timed through encodeTimed)', async () => {
  assert.ok('adapter' in sp, 'reason' in sp ? sp.reason : '');
  for (const w of WORKLOADS.filter((x) => x.group === 'w5' || x.id === 'w6')) await timeEveryRow(w);
});

test.run();
