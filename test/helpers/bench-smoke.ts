// Shared by test/bench-smoke.test.ts and test/heavy-bench-smoke.test.ts: the benchmark's adapters,
// a tiny timing pass and the check of one workload's timed rows (no timing assertions).

import * as assert from 'uvu/assert';
import { PEERS } from '../../bench/codecs/index.ts';
import { loadSavepack } from '../../bench/codecs/savepack.ts';
import { checkRow, collectRows, timeRows } from '../../bench/harness.ts';
import type { Adapter, RowResult, Workload } from '../../bench/types.ts';

/** The savepack adapter, or why it did not load. */
export const sp = await loadSavepack();
/** Every adapter the benchmark runs: savepack's (when it loaded) and the peers. */
export const adapters: Adapter[] = ['adapter' in sp ? sp.adapter : undefined, ...PEERS].filter((a) => a !== undefined);
/** Timing settings of one tiny pass. */
export const TINY = { time: 1, iterations: 2, warmupIterations: 1, warmupTime: 1, batch: 3, minSampleMs: 0.1 };

/** Times every row of `w` (small data) in one tiny pass and checks each row was timed; the results. */
export async function timeEveryRow(w: Workload): Promise<RowResult[]> {
  const data = w.make(true);
  const checked = collectRows(adapters, data).map((c) => checkRow(c.row, data.value));
  const res = await timeRows(checked, TINY, 'smoke', false);
  for (const r of res) {
    assert.not.ok(r.disqualified, `${w.id} ${r.name}: ${r.disqualified}`);
    assert.ok(r.encode && r.encode.hz > 0 && r.size! > 0, `${w.id} ${r.name}`);
    assert.ok(r.name === 'savepack encodeInto' ? !r.decode : r.decode && r.decode.hz > 0, `${w.id} ${r.name} decode`);
  }
  return res;
}
