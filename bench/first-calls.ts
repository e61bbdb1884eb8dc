// Wall-clock ms of each of the first calls of a row in a fresh process (after the bench's check
// and a GC), to see how a row warms up where a workload times few calls (W1: ~12 calls a process):
//   [PRE=ms] node --import tsx bench/first-calls.ts <workload> <encode|decode> [row name] [calls=15]
// PRE: time the row's other operation first for that long, as the bench's child process does.

import { sink } from './harness.ts';
import { preRun, rowCall } from './row-call.ts';

const [id = '', op = 'decode', rowName, calls = '15'] = process.argv.slice(2);
const { row, call, other } = await rowCall(id, op, rowName, 'usage: bench/first-calls.ts <workload> <encode|decode> [row name] [calls]');
preRun(other);
const ms: string[] = [];
for (let i = 0; i < Number(calls); i++) {
  const t0 = performance.now();
  sink.last = undefined;
  sink.last = call();
  ms.push((performance.now() - t0).toFixed(0));
}
console.log(`${row.name.padEnd(28)} ${op}: ${ms.join(' ')} ms`);
