// How fast a row runs over time in one fresh process, as the bench times it: after the same
// warm-up, wall-clock ops/s per 100 ms window for `secs` seconds (a process that settles slowly,
// or into a slower state, shows here):
//   [PRE=ms] node --import tsx bench/settle.ts <workload> <encode|decode> [row name] [secs=2]
// PRE: time the row's other operation first for that long, as the bench's child process does.

import { sink } from './harness.ts';
import { preRun, rowCall } from './row-call.ts';

const [id = '', op = 'decode', rowName, secs = '2'] = process.argv.slice(2);
const { row, call, other } = await rowCall(id, op, rowName, 'usage: bench/settle.ts <workload> <encode|decode> [row name] [secs]');
preRun(other);
const windows: string[] = [];
const until = performance.now() + Number(secs) * 1000;
while (performance.now() < until) {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 100) {
    sink.last = undefined;
    sink.last = call();
    n++;
  }
  windows.push(((n * 1000) / (performance.now() - t0)).toFixed(0));
}
console.log(`${row.name} ${op}: ${windows.join(' ')} ops/s per 100 ms`);
