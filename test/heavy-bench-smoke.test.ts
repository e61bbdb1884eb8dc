// The benchmark's timing path over every W5 message and W6, every row (one tiny pass each; the
// harness collects garbage before each of the ~100 tasks, ~4 s, hence the slow suite). No timing
// assertions. test/bench-smoke.test.ts round-trips every row of every workload and times W5 int.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PEERS } from '../bench/codecs/index.ts';
import { loadSavepack } from '../bench/codecs/savepack.ts';
import { checkRow, collectRows, timeRows } from '../bench/harness.ts';
import type { Adapter } from '../bench/types.ts';
import { WORKLOADS } from '../bench/workloads/index.ts';

const sp = await loadSavepack();
const adapters: Adapter[] = ['adapter' in sp ? sp.adapter : undefined, ...PEERS].filter((a) => a !== undefined);
const TINY = { time: 1, iterations: 2, warmupIterations: 1, warmupTime: 1, batch: 3, minSampleMs: 0.1 };

test('W5 and W6 time every row (one tiny pass each, encodeInto timed through encodeTimed)', async () => {
  assert.ok('adapter' in sp, 'reason' in sp ? sp.reason : '');
  for (const w of WORKLOADS.filter((x) => x.group === 'w5' || x.id === 'w6')) {
    const data = w.make(true);
    const checked = collectRows(adapters, data).map((c) => checkRow(c.row, data.value));
    const res = await timeRows(checked, TINY, 'smoke', false);
    for (const r of res) {
      assert.not.ok(r.disqualified, `${w.id} ${r.name}: ${r.disqualified}`);
      assert.ok(r.encode && r.encode.hz > 0 && r.size! > 0, `${w.id} ${r.name}`);
      assert.ok(r.name === 'savepack encodeInto' ? !r.decode : r.decode && r.decode.hz > 0, `${w.id} ${r.name} decode`);
    }
  }
});

test.run();
