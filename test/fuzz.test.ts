// Untrusted input: the CI-sized fuzz run (>= 100,000 hostile inputs over every builder, including
// hostile schema sections, header lengths near 2^31 / 2^32, and ~15% decoded from the middle of a
// canary-filled pooled buffer: test/fuzz/hostile.ts, test/fuzz/pooled.ts). Memory bounds and
// compression bombs: fuzz-memory.test.ts; hostile values on the encode side: fuzz-encode.test.ts.
//
// Environment: FUZZ_COUNT (default 100000), FUZZ_SEED (default fixed, so CI is repeatable; the long
// run `npm run fuzz` picks a random one), FUZZ_WORKERS (default: CPUs, at most 4).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFailure, runFuzz, summary } from './fuzz/harness.ts';

const COUNT = Number(process.env.FUZZ_COUNT ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const WORKERS = Number(process.env.FUZZ_WORKERS ?? Math.min(4, availableParallelism()));

// ---------------------------------------------------------------------------------------------
// The fuzz run.
//
// The 'zero-size' schema once made this run fail ('memory', 'slow': ~50-byte inputs that built tens
// of MB); the per-decode allocation budget bounds it (see the zero-size test in fuzz-memory.test.ts).
// ---------------------------------------------------------------------------------------------
test(`fuzz: ${COUNT} hostile inputs over every builder — only SavepackError, bounded time and memory, nothing read outside the input`, async () => {
  console.log(`  fuzz seed ${SEED}, ${COUNT} inputs, ${WORKERS} workers (FUZZ_SEED / FUZZ_COUNT / FUZZ_WORKERS to change)`);
  const report = await runFuzz({ seed: SEED, count: COUNT, workers: WORKERS });
  console.log(summary(report).replace(/^/gm, '  '));
  if (report.seconds > 120) console.log(`  note: the run took ${report.seconds.toFixed(0)} s, more than the 2-minute CI budget (machine load?)`);
  assert.is(report.done, COUNT - report.failures.filter((f) => ['hang', 'oom', 'crash'].includes(f.kind)).length, 'every input ran');
  assert.ok(report.stats.pooled >= report.stats.decodes / 10, `pooled mode ran (${report.stats.pooled} of ${report.stats.decodes} decodes)`);
  assert.ok(report.failures.length === 0, `${report.failures.length} fuzz failures:\n${report.failures.map((f, i) => formatFailure(f, report.files[i])).join('\n')}`);
});

test('fuzz harness: a hang, an out-of-memory worker and a throw outside decode are reported with their input, and the run goes on', async () => {
  const failDir = mkdtempSync(join(tmpdir(), 'savepack-fuzz-selftest-'));
  try {
    const r = await runFuzz({ seed: 7, count: 240, workers: 2, hangMs: 3000, heapMb: 64, quiet: true, failDir, selfTest: { hangAt: 40, oomAt: 81, throwAt: 120 } });
    const got = r.failures.map((f) => `${f.kind}@${f.index}`).sort();
    assert.equal(got, ['crash@120', 'hang@40', 'oom@81']);
    for (const f of r.failures) {
      assert.ok(f.input.length > 0 || f.how === '-', 'the input is regenerated from (seed, index)');
      assert.ok(readFileSync(r.files[r.failures.indexOf(f)]!).length === f.input.length, 'and saved');
    }
    assert.is(r.done, 240 - 3, 'every other input ran');
  } finally {
    rmSync(failDir, { recursive: true, force: true });
  }
});


test.run();
