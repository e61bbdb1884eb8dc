// The command line of the one-row scripts (cputime.ts, profile.ts): `<workload> <encode|decode>
// [row name]` picks a workload, one of its checked rows (the first savepack row by default) and
// the call to time or profile. Bad arguments print `usage` (or the rows there are) and exit 2.

import { PEERS } from './codecs/index.ts';
import { loadSavepack } from './codecs/savepack.ts';
import { gc, warmAllocator } from './gc.ts';
import { checkRow, collectRows, sink } from './harness.ts';
import type { Adapter, Row, Workload } from './types.ts';
import { workload } from './workloads/index.ts';

/**
 * The workload, checked row and encode or decode call that `id`, `op` and `rowName` name, and the
 * row's other operation (`other`: undefined for a decode-only row).
 */
export async function rowCall(id: string, op: string, rowName: string | undefined, usage: string): Promise<{ w: Workload; row: Row; call: () => unknown; other: (() => unknown) | undefined }> {
  const w = workload(id);
  if (!w || (op !== 'encode' && op !== 'decode')) {
    console.error(usage);
    process.exit(2);
  }
  warmAllocator();
  const sp = await loadSavepack();
  const adapters: Adapter[] = 'adapter' in sp ? [sp.adapter, ...PEERS] : [...PEERS];
  gc(); // then the data, as child.ts does (it says why)
  const data = w.make();
  const rows = collectRows(adapters, data);
  const found = rows.find((c) => (rowName ? c.row.name === rowName : c.row.role === 'savepack'));
  if (!found) {
    console.error(`no row ${rowName ?? '(savepack)'}; rows: ${rows.map((c) => c.row.name).join(', ')}`);
    process.exit(2);
  }
  const checked = checkRow(found.row, data.value);
  if (checked.disqualified || !checked.bytes) throw new Error(`${found.row.name}: ${checked.disqualified}`);
  const { row, bytes } = checked;
  const decode = () => row.decode(bytes);
  const call = op === 'encode' ? row.encode : decode;
  if (!call) throw new Error(`${row.name} has no ${op}`);
  return { w, row, call, other: op === 'encode' ? decode : row.encode };
}

/**
 * With PRE=<ms> in the environment, runs `other` (the row's other operation, from rowCall) for
 * that long, as the bench's child process times both operations in one process; then a GC.
 */
export function preRun(other: (() => unknown) | undefined): void {
  if (process.env.PRE && other) {
    const stop = performance.now() + Number(process.env.PRE);
    while (performance.now() < stop) {
      sink.last = undefined;
      sink.last = other();
    }
  }
  gc();
}
