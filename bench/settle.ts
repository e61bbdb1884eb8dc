// How fast a row runs over time in one fresh process, as the bench times it: after the same
// warm-up, wall-clock ops/s per 100 ms window for `secs` seconds (a process that settles slowly,
// or into a slower state, shows here):
//   node --expose-gc --import tsx bench/settle.ts <workload> <encode|decode> [row name] [secs=2]

import { sink } from './harness.ts';
import { gc } from './gc.ts';
import { rowCall } from './row-call.ts';

const [id = '', op = 'decode', rowName, secs = '2'] = process.argv.slice(2);
const { row, call } = await rowCall(id, op, rowName, 'usage: bench/settle.ts <workload> <encode|decode> [row name] [secs]');
if (process.env.PRE) {
  // As the bench's child process does: the other operation of the row timed first.
  const other = (await rowCall(id, op === 'decode' ? 'encode' : 'decode', rowName, '')).call;
  const stop = performance.now() + Number(process.env.PRE);
  while (performance.now() < stop) { sink.last = undefined; sink.last = other(); }
}
gc();
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
