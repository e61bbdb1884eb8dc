// Runs one benchmark row's encode or decode in a loop, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=/tmp/savepack-prof --import tsx bench/profile.ts w3 decode [row] [seconds]
//   node --import tsx bench/cpuprofile.ts /tmp/savepack-prof
// The row defaults to the first savepack row of the workload; the loop runs 5 s by default.

import { sink } from './harness.ts';
import { rowCall } from './row-call.ts';

const [id = '', op = 'decode', rowName, secs = '5'] = process.argv.slice(2);
const { w, row, call } = await rowCall(id, op, rowName, 'usage: bench/profile.ts <w1|w1p|w3|w4|versioned> <encode|decode> [row name] [seconds]');
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
