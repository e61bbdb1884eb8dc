// Runs one benchmark row's encode or decode in a loop, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=/tmp/savepack-prof --import tsx bench/profile.ts w3 decode [row] [seconds]
//   node --import tsx bench/cpuprofile.ts /tmp/savepack-prof
// The row defaults to the first savepack row of the workload; the loop runs 5 s by default.

import { PEERS } from './codecs/index.ts';
import { loadSavepack } from './codecs/savepack.ts';
import { checkRow, collectRows, sink } from './harness.ts';
import type { Adapter } from './types.ts';
import { workload } from './workloads/index.ts';

const [id = '', op = 'decode', rowName, secs = '5'] = process.argv.slice(2);
const w = workload(id);
if (!w || (op !== 'encode' && op !== 'decode')) {
  console.error('usage: bench/profile.ts <w1|w1p|w3|w4|versioned> <encode|decode> [row name] [seconds]');
  process.exit(2);
}
const sp = await loadSavepack();
const adapters: Adapter[] = 'adapter' in sp ? [sp.adapter, ...PEERS] : [...PEERS];
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
const call = op === 'encode' ? row.encode : () => row.decode(bytes);
if (!call) throw new Error(`${row.name} has no ${op}`);
const until = performance.now() + Number(secs) * 1000;
// Read the clock every `chunk` calls only, so it stays out of the profile of tiny operations.
const chunk = w.timing.batch;
let n = 0;
while (performance.now() < until) {
  for (let i = 0; i < chunk; i++) {
    sink.last = undefined; // as the harness does: the previous result is released first
    sink.last = call();
  }
  n += chunk;
}
console.log(`${row.name} ${op} on ${w.id}: ${n} calls in ${secs} s (${((Number(secs) * 1000) / n).toFixed(3)} ms/call)`);
