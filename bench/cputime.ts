// CPU-time timing of one benchmark row, for A/B comparisons on a loaded machine (wall-clock ops/s
// swings 2x there when other processes take the cores; the process's own CPU time does not):
//   node --import tsx bench/cputime.ts <workload> <encode|decode> [row name] [rounds=15]
// Prints the best and the median per-call CPU time (user + system, all threads: a concurrent GC
// counts), and the median wall-clock time per call, over `rounds` rounds of calls after a warm-up. Run each row in its own process, and
// alternate processes when comparing (a shared process skews JIT and GC state).

import { sink } from './harness.ts';
import { rowCall } from './row-call.ts';

const [id = '', op = 'decode', rowName, roundsArg = '15'] = process.argv.slice(2);
const { row, call } = await rowCall(id, op, rowName, 'usage: bench/cputime.ts <workload> <encode|decode> [row name] [rounds]');

let wall = 0;
/** CPU microseconds of `n` calls (their wall-clock microseconds go to `wall`). */
function run(n: number): number {
  const w0 = performance.now();
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    sink.last = undefined;
    sink.last = call!();
  }
  const d = process.cpuUsage(t0);
  wall = (performance.now() - w0) * 1000;
  return d.user + d.system;
}
// Warm-up (~0.3 s of CPU), then calls per round for about 50 ms of CPU each.
let n = 1;
for (let spent = 0; spent < 300_000; n *= 2) spent += run(n);
n = 1;
while (run(n) < 5000) n *= 2;
n *= 10;
const per: number[] = [];
const walls: number[] = [];
for (let r = 0; r < Number(roundsArg); r++) {
  per.push((run(n) * 1000) / n);
  walls.push((wall * 1000) / n);
}
per.sort((a, b) => a - b);
walls.sort((a, b) => a - b);
const fmt = (ns: number) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(3)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(1)} ns`);
console.log(`${row.name.padEnd(28)} ${op}  best ${fmt(per[0]!)}  median ${fmt(per[per.length >> 1]!)}  (${per.length} rounds of ${n} calls, CPU time; wall median ${fmt(walls[walls.length >> 1]!)})`);
