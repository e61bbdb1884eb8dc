// Runs the fuzzer on worker threads with a watchdog: a worker that stops making progress (a hang)
// or dies (out of memory) is reported with the input it was on, which is regenerated here from
// (seed, index), and the run carries on past it. Failures are written to files and printed in hex.

import { Worker } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultBounds, emptyStats, makeInput, mergeStats, type Bounds, type Failure, type Stats } from './engine.ts';
import { hex } from './mutate.ts';

/** Options of a fuzz run. */
export interface RunOptions {
  seed: number;
  count: number;
  /** First input index (default 0); `--only i` runs count 1 from i. */
  from?: number;
  workers?: number;
  bounds?: Partial<Bounds>;
  /** A worker that does not advance for this long is hung (ms, default 30 000). */
  hangMs?: number;
  /** Old-generation heap of each worker in MB (default 768): a decode that needs more is an 'oom' failure. */
  heapMb?: number;
  /** Where failing inputs are written (default: os.tmpdir()/savepack-fuzz-failures). */
  failDir?: string;
  /** Called about twice a second with the totals so far. */
  onProgress?: (done: number, stats: Stats) => void;
  /** Largest number of failures reported per (kind, case) — the rest are counted. */
  perKind?: number;
  /** Cases (by name) not to run, e.g. one with a known, reported bug. */
  skipCases?: string[];
  /** Do not print failures as they are found (they are still in the report). */
  quiet?: boolean;
  /** Harness self-test: make the worker hang / run out of memory / throw at these inputs. */
  selfTest?: { hangAt?: number; oomAt?: number; throwAt?: number };
}

/** What a run found. */
export interface Report {
  seed: number;
  count: number;
  seconds: number;
  /** Inputs the workers got through (from their shared counters; stats of a killed worker may miss its last ~0.5 s). */
  done: number;
  stats: Stats;
  failures: Failure[];
  /** Failures beyond `perKind`, by key. */
  suppressed: Record<string, number>;
  files: string[];
}

const WORKER = new URL('./worker.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');
const BOOT = `import(${JSON.stringify(TSX)}).then((api) => { api.register(); return import(${JSON.stringify(WORKER)}); })`;

/** One line per failure plus the input in hex (cut at 4 KiB), for the console. */
export function formatFailure(f: Failure, file?: string): string {
  const h = hex(f.input);
  return [
    `✘ ${f.kind} — case ${f.case}, codec variant ${f.variant} (${f.path}), seed ${f.seed} input #${f.index}`,
    `  mutation: ${f.how}`,
    `  error: ${f.error.split('\n').join('\n         ')}`,
    `  input (${f.input.length} bytes)${file ? ` saved to ${file}` : ''}:`,
    `  ${h.length > 8192 ? h.slice(0, 8192) + '…' : h}`,
    `  reproduce: npm run fuzz -- --seed ${f.seed} --only ${f.index}`,
  ].join('\n');
}

/** Runs `count` inputs of run `seed`. */
export async function runFuzz(o: RunOptions): Promise<Report> {
  const t0 = performance.now();
  const from = o.from ?? 0;
  const end = from + o.count;
  const bounds = { ...defaultBounds, ...o.bounds };
  const nWorkers = Math.max(1, Math.min(o.workers ?? 2, o.count));
  const hangMs = o.hangMs ?? 30_000;
  const failDir = o.failDir ?? join(tmpdir(), 'savepack-fuzz-failures');
  const perKind = o.perKind ?? 3;
  const failures: Failure[] = [];
  const suppressed: Record<string, number> = {};
  const files: string[] = [];
  const skip = new Set<string>(o.skipCases ?? []);
  const totals = emptyStats();
  const live = new Map<number, Stats>(); // stats of running workers, by slot
  const doneCounts = new Array<number>(nWorkers).fill(0);

  const record = (f: Failure) => {
    const key = `${f.kind}/${f.case}`;
    if (failures.filter((x) => `${x.kind}/${x.case}` === key).length >= perKind) {
      suppressed[key] = (suppressed[key] ?? 0) + 1;
      return;
    }
    failures.push(f);
    mkdirSync(failDir, { recursive: true });
    const file = join(failDir, `fuzz-${f.seed}-${f.index}-${f.kind}-${f.path}.bin`);
    writeFileSync(file, f.input);
    files.push(file);
    if (!o.quiet) console.log(formatFailure(f, file));
  };

  /** Runs slot `w` (inputs w, w+n, ...) from `start`, restarting past hangs and crashes. */
  const slot = async (w: number, start: number): Promise<void> => {
    while (start < end) {
      const shared = new SharedArrayBuffer(8);
      const progress = new Int32Array(shared);
      Atomics.store(progress, 0, start);
      const worker = new Worker(BOOT, {
        eval: true,
        workerData: { seed: o.seed, start, end, step: nWorkers, skip: [...skip], bounds, shared, selfTest: o.selfTest },
        resourceLimits: { maxOldGenerationSizeMb: o.heapMb ?? 768 },
        stdout: false,
      });
      const base = doneCounts[w]!;
      type Outcome = { kind: 'done' } | { kind: 'hang' | 'oom' | 'crash'; error: string };
      const outcome = await new Promise<Outcome>((resolve) => {
        let lastSeen = -1, lastChange = performance.now(), settled = false;
        const settle = (v: Outcome) => {
          if (settled) return;
          settled = true;
          clearInterval(timer);
          resolve(v);
        };
        const timer = setInterval(() => {
          const n = Atomics.load(progress, 1);
          doneCounts[w] = base + n;
          if (n !== lastSeen) { lastSeen = n; lastChange = performance.now(); }
          else if (performance.now() - lastChange > hangMs) {
            void worker.terminate();
            settle({ kind: 'hang', error: `no progress for ${hangMs} ms on this input` });
          }
          o.onProgress?.(doneCounts.reduce((a, b) => a + b, 0), mergeStats(mergeStats(emptyStats(), totals), [...live.values()].reduce(mergeStats, emptyStats())));
        }, 250);
        worker.on('message', (m: { type: string; failure?: Failure; stats?: Stats }) => {
          if (m.type === 'failure') record(m.failure!);
          else if (m.type === 'stats') live.set(w, m.stats!);
          else if (m.type === 'done') {
            live.delete(w);
            mergeStats(totals, m.stats!);
            doneCounts[w] = base + Atomics.load(progress, 1);
            settle({ kind: 'done' });
          }
        });
        worker.on('error', (e: Error & { code?: string }) => {
          // Out of memory, or something thrown outside the checked decode (the harness itself, or the codec while making a seed).
          settle({ kind: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'oom' : 'crash', error: `worker died: ${e.code ?? ''} ${e.stack ?? e.message}` });
        });
        worker.on('exit', () => settle({ kind: 'crash', error: 'worker exited without finishing' }));
      });
      if (outcome.kind === 'done') return;
      // The worker hung or died on input `at`: report it, skip its case from now on, go on after it.
      const at = Atomics.load(progress, 0);
      doneCounts[w] = base + Atomics.load(progress, 1);
      const partial = live.get(w);
      if (partial) mergeStats(totals, partial);
      live.delete(w);
      const made = makeInput(o.seed, at);
      record({
        kind: outcome.kind, seed: o.seed, index: at, case: made.c.name, variant: made.variant.name, path: '-',
        how: made.m?.how ?? '-', error: outcome.error, input: made.m?.bytes ?? new Uint8Array(0),
      });
      skip.add(made.c.name);
      start = at + nWorkers;
    }
  };

  await Promise.all(Array.from({ length: nWorkers }, (_, w) => slot(w, from + w)));
  return { seed: o.seed, count: o.count, seconds: (performance.now() - t0) / 1000, done: doneCounts.reduce((a, b) => a + b, 0), stats: totals, failures, suppressed, files };
}

/** A multi-line summary of a report. */
export function summary(r: Report): string {
  const s = r.stats;
  const codes = Object.entries(s.codes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    `seed ${r.seed}: ${s.inputs} inputs (${s.skipped} skipped), ${s.decodes} decodes (${s.pooled} pooled) in ${r.seconds.toFixed(1)} s (${Math.round(s.inputs / r.seconds)} inputs/s)`,
    `  decoded without error: ${s.decodedOk}; SavepackError codes: ${codes}`,
    `  slowest decode: ${s.maxMs.toFixed(1)} ms at ${s.maxMsAt}`,
    `  memory: ${s.memChecks} decodes measured; peak growth ${(s.peakGrowth / 1e6).toFixed(2)} MB at ${s.peakGrowthAt}; peak ratio (inputs >= 64 KiB effective) ${s.peakRatio.toFixed(1)}x at ${s.peakRatioAt}`,
    `  failures: ${r.failures.length}${Object.keys(r.suppressed).length ? ` (+ suppressed ${JSON.stringify(r.suppressed)})` : ''}`,
  ].join('\n');
}
