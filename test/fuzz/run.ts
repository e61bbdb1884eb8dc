// The long fuzz run: npm run fuzz -- --count 1000000 [--seed N] [--workers N] [--only INDEX]
//   --count N    inputs to run (default 100000)
//   --seed N     run seed (default: random; printed, so a run can be repeated)
//   --workers N  worker threads (default: number of CPUs)
//   --only I     run just input I of the seed (reproduce a reported failure)
//   --from I     start at input I
//   --skip NAME  leave out a schema case (repeatable), e.g. one whose bug is already reported

import { availableParallelism } from 'node:os';
import { runFuzz, summary } from './harness.ts';

const args = process.argv.slice(2);
const opt = (name: string): number | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const seed = opt('seed') ?? Math.floor(Math.random() * 2 ** 31);
const only = opt('only');
const count = only !== undefined ? 1 : opt('count') ?? 100_000;
const skipCases = args.flatMap((a, i) => (a === '--skip' ? [args[i + 1]!] : []));
const workers = only !== undefined ? 1 : opt('workers') ?? availableParallelism();

console.log(`savepack fuzz: seed ${seed}, ${count} inputs${only !== undefined ? ` (only #${only})` : ''}, ${workers} workers${skipCases.length ? `, skipping ${skipCases.join(', ')}` : ''}`);
let lastPrint = 0;
const report = await runFuzz({
  seed, count, workers, from: only ?? opt('from') ?? 0, skipCases,
  onProgress: (done, s) => {
    if (performance.now() - lastPrint < 10_000 || !process.stdout.isTTY && performance.now() - lastPrint < 30_000) return;
    lastPrint = performance.now();
    console.log(`  ${done}/${count} inputs, ${s.decodes} decodes, peak ratio ${s.peakRatio.toFixed(1)}x, slowest ${s.maxMs.toFixed(1)} ms`);
  },
});
console.log(summary(report));
process.exitCode = report.failures.length ? 1 : 0;
