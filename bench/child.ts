// Times one row in a process of its own, so every row starts from the same state: no JIT, inline
// caches or heap growth inherited from the rows timed before it (measured in one shared process,
// the first decode task of W3 ran ~50% faster than the same task placed last).
// Run by harness.ts: fork(child.ts, [workload, adapter, row]); checks the row's round trip on the
// full data, times it, and replies with one RowResult over IPC.

import { PEERS } from './codecs/index.ts';
import { loadSavepack } from './codecs/savepack.ts';
import { warmAllocator } from './gc.ts';
import { checkRow, timeRows } from './harness.ts';
import type { Adapter, RowResult } from './types.ts';
import { workload } from './workloads/index.ts';

async function timeOne(id: string, adapterName: string, rowName: string): Promise<RowResult> {
  const fail = (why: string): RowResult => ({ name: rowName, role: adapterName === 'savepack' ? 'savepack' : 'peer', disqualified: why });
  const w = workload(id);
  if (!w) return fail(`unknown workload ${id}`);
  // The data is made right after the peers are loaded (statically, above) in every row's process,
  // savepack's rows included: where a million objects land in the heap, and so how fast any codec
  // walks them, depends on what the heap held while they were made. savepack's rows used to load
  // it first, which laid W1's objects out worse for every encoder (the limit loop's encode: 9.5-10.6
  // ms a call on data made before loading savepack, 13.4-15.3 after; savepack's 10.1-11.1 against
  // 16.4-19.1, four processes each). (Making the data before the peers are loaded instead slowed
  // msgpackr's W3 decode ~3x; loading savepack in every process put it in that mode one round in
  // three. The peers' processes keep the order they always had.)
  const data = w.make();
  let adapter: Adapter | undefined = PEERS.find((a) => a.name === adapterName);
  let why = '';
  if (adapterName === 'savepack') {
    const sp = await loadSavepack();
    adapter = 'adapter' in sp ? sp.adapter : undefined;
    if ('reason' in sp) why = `: ${sp.reason}`;
  }
  if (!adapter) return fail(`adapter ${adapterName} not available in the child process${why}`);
  const row = adapter.rows(data).find((r) => r.name === rowName);
  if (!row) return fail(`adapter ${adapterName} has no row ${rowName}`);
  const checked = checkRow(row, data.value);
  if (!checked.disqualified) console.log(`  ✓ ${row.name}: round trip equal, ${checked.bytes!.length.toLocaleString('en-US')} bytes`);
  const [result] = await timeRows([checked], w.timing, w.id);
  return result!;
}

const [id = '', adapterName = '', rowName = ''] = process.argv.slice(2);
warmAllocator();
const result = await timeOne(id, adapterName, rowName).catch((e: unknown): RowResult => ({
  name: rowName, role: 'peer', disqualified: `child failed: ${String((e as Error)?.message ?? e)}`,
}));
process.send!(result, () => process.disconnect());
