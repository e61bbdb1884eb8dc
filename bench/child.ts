// Times one row in a process of its own, so every row starts from the same state: no JIT, inline
// caches or heap growth inherited from the rows timed before it (measured in one shared process,
// the first decode task of W3 ran ~50% faster than the same task placed last).
// Run by harness.ts: fork(child.ts, [workload, adapter, row]); checks the row's round trip on the
// full data, times it, and replies with one RowResult over IPC.

import { PEERS } from './codecs/index.ts';
import { loadSavepack } from './codecs/savepack.ts';
import { gc, warmAllocator } from './gc.ts';
import { checkRow, timeRows } from './harness.ts';
import type { Adapter, RowResult } from './types.ts';
import { workload } from './workloads/index.ts';

async function timeOne(id: string, adapterName: string, rowName: string): Promise<RowResult> {
  const fail = (why: string): RowResult => ({ name: rowName, role: adapterName === 'savepack' ? 'savepack' : 'peer', disqualified: why });
  const w = workload(id);
  if (!w) return fail(`unknown workload ${id}`);
  let adapter: Adapter | undefined = PEERS.find((a) => a.name === adapterName);
  let why = '';
  if (adapterName === 'savepack') {
    const sp = await loadSavepack();
    adapter = 'adapter' in sp ? sp.adapter : undefined;
    if ('reason' in sp) why = `: ${sp.reason}`;
  }
  if (!adapter) return fail(`adapter ${adapterName} not available in the child process${why}`);
  // Libraries first, then a full GC, then the data, in every row's process: where a million
  // objects land in the heap, and so how fast any codec walks them, depends on what the heap held
  // while they were made. savepack is loaded from its TypeScript sources (tsx transpiles them: far
  // more garbage than loading a peer), and its rows made the data in that heap. With savepack
  // loaded, the limit loop encoded W1 in 12.9-15.3 ms a call on data made without the GC first,
  // 6.8-7.6 with it (as in its own process); savepack's encode 16.0-19.1 against 8.6-9.2.
  gc();
  const data = w.make();
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
