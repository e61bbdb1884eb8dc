// Runs one workload: lists every adapter's rows, then for each row, in a fresh process (child.ts):
// builds the data, checks the row's round trip against the expected value (a mismatch or a throw
// disqualifies the row, loudly), and times it with tinybench — encode and decode as separate
// tasks, a GC before each. Returns ops/s (median of samples) and encoded sizes. Every encoded and
// decoded result goes into a sink.

import { fork } from 'node:child_process';
import { Bench, type Task } from 'tinybench';
import { firstDifference } from './compare.ts';
import { gc } from './gc.ts';
import type { Adapter, OpStat, Row, RowResult, Timing, Workload, WorkloadData, WorkloadResult } from './types.ts';

/**
 * Everything a timed call returns lands here, so no call can be optimised away. The previous
 * result is released before each call (`release`): holding it while the next call allocates
 * doubles the live set, and V8 then pretenures the decoder's allocations in some processes and
 * not in others — savepack's W3 decode ran 2.4 ms a call in some processes and 4.8 ms in others
 * that way, and 1.8–1.9 ms in every process with the result released.
 */
export const sink: { last: unknown; count: number } = { last: undefined, count: 0 };
const consume = (x: unknown): void => {
  sink.last = x;
  sink.count++;
};
const release = (): void => {
  sink.last = undefined;
};

/** A fresh plain Uint8Array holding `b`: stable (encoders may return views of reused buffers) and offset 0. */
const ownCopy = (b: Uint8Array): Uint8Array => {
  const c = new Uint8Array(b.length);
  c.set(b);
  return c;
};

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

const message = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0]!.slice(0, 300);

export interface Checked {
  row: Row;
  /** The adapter that made the row. */
  adapter?: string;
  /** The bytes decode is timed on (a copy of one encode, or the row's input). */
  bytes?: Uint8Array;
  disqualified?: string;
}

/** Builds the rows of every adapter for `data`; an adapter that throws yields a disqualified row. */
export function collectRows(adapters: readonly Adapter[], data: WorkloadData): Checked[] {
  const out: Checked[] = [];
  for (const a of adapters) {
    try {
      for (const row of a.rows(data)) out.push({ row, adapter: a.name });
    } catch (e) {
      out.push({ row: { name: a.name, role: a.name.startsWith('savepack') ? 'savepack' : 'peer', decode: () => undefined }, disqualified: `setup threw: ${message(e)}` });
    }
  }
  return out;
}

/** Round-trips one row and compares deeply against the expected value (after the row's normalisation). */
export function checkRow(row: Row, expectedDefault: unknown): Checked {
  try {
    let bytes: Uint8Array;
    if (row.encode) {
      row.encode(); // a first call may differ (e.g. structures being learned); check a steady-state one
      bytes = ownCopy(row.encode());
    } else if (row.input) {
      bytes = ownCopy(row.input);
    } else {
      return { row, disqualified: 'row has neither encode nor input' };
    }
    const pristine = ownCopy(bytes);
    const decoded = row.decode(bytes);
    const actual = row.normalize ? row.normalize(decoded) : decoded;
    const diff = firstDifference(actual, row.expected ?? expectedDefault);
    if (diff) return { row, bytes, disqualified: `round trip differs at ${diff}` };
    // The timed decode decodes the same bytes again and again: they must come out of decode unchanged.
    if (!sameBytes(bytes, pristine)) return { row, bytes, disqualified: 'decode modified its input bytes' };
    return { row, bytes };
  } catch (e) {
    return { row, disqualified: `threw: ${message(e)}` };
  }
}

function loud(workload: string, c: Checked): void {
  const bar = '!'.repeat(78);
  console.error(`\n${bar}\n!! DISQUALIFIED: ${c.row.name} on ${workload}\n!! ${c.disqualified}\n!! (this row is not timed and is reported as disqualified)\n${bar}\n`);
}

/** Calls and time spent in the timed phase of one task (warm-up excluded). */
interface Totals { calls: number; ms: number }

/**
 * A tinybench task function. One sample is a run of calls, in chunks of `batch` (no clock reads
 * inside a chunk, for sub-microsecond calls), repeated until at least `minMs` have passed; the
 * sample is the mean time per call. Every call and its time also go into `totals`.
 */
function timed(call: () => unknown, batch: number, minMs: number, totals: Totals): () => unknown {
  return () => {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    do {
      for (let i = 0; i < batch; i++) {
        release();
        consume(call());
      }
      n += batch;
      t = performance.now();
    } while (t - t0 < minMs);
    totals.calls += n;
    totals.ms += t - t0;
    return { overriddenDuration: (t - t0) / n, overriddenIterationCost: t - t0 };
  };
}

/**
 * The result of one task. The headline ops/s is calls ÷ time over the whole timed phase, so the
 * garbage collection a codec causes is paid where it happens: a decode that allocates a million
 * objects runs ~35 ms most calls and ~250 ms when a major GC lands (every ~9 calls), and the
 * median of samples jumped with how many GCs each sample happened to catch. The median is kept too.
 */
function stat(task: Task | undefined, totals: Totals | undefined): OpStat | string {
  if (!task || !totals) return 'task missing';
  const r = task.result;
  if (r.state === 'errored') return `threw while timed: ${message(r.error)}`;
  if (r.state !== 'completed') return `task ${r.state}`;
  if (!totals.calls || !(totals.ms > 0)) return 'no timed calls';
  return {
    hz: (totals.calls * 1000) / totals.ms,
    ms: totals.ms / totals.calls,
    medianHz: r.throughput.p50,
    rme: r.latency.rme,
    samples: r.latency.samplesCount,
    calls: totals.calls,
  };
}

/** Times the checked rows in this process; returns one result per row. */
export async function timeRows(checked: readonly Checked[], timing: Timing, label: string, log = true): Promise<RowResult[]> {
  const bench = new Bench({
    name: label,
    time: timing.time,
    iterations: timing.iterations,
    warmupIterations: timing.warmupIterations,
    warmupTime: timing.warmupTime,
    setup: () => gc(),
    throws: false,
  });
  const totals = new Map<string, Totals>();
  const add = (name: string, call: () => unknown) => {
    const t: Totals = { calls: 0, ms: 0 };
    totals.set(name, t);
    bench.add(name, timed(call, timing.batch, timing.minSampleMs, t), {
      // Runs before the warm-up and again before the timed phase: the totals hold the timed phase.
      beforeAll: () => {
        t.calls = 0;
        t.ms = 0;
      },
    });
  };
  for (const c of checked) {
    if (c.disqualified || !c.bytes) continue;
    const { row, bytes } = c;
    if (row.encode) add(`${row.name} encode`, row.encodeTimed ?? row.encode);
    if (row.timeDecode !== false) add(`${row.name} decode`, () => row.decode(bytes));
  }
  if (log) bench.addEventListener('cycle', (ev) => {
    const task = ev.task;
    const s = task && stat(task, totals.get(task.name));
    if (task && typeof s === 'object') {
      console.log(`  ${task.name.padEnd(40)} ${fmtHz(s.hz).padStart(11)} ops/s  (median ${fmtHz(s.medianHz)}, ±${s.rme.toFixed(0)}%, ${s.samples} samples, ${s.calls} calls)`);
    }
  });
  await bench.run();
  return checked.map((c): RowResult => {
    const base = { name: c.row.name, role: c.row.role, ...(c.row.note ? { note: c.row.note } : {}) };
    if (c.disqualified || !c.bytes) return { ...base, ...(c.bytes ? { size: c.bytes.length } : {}), disqualified: c.disqualified ?? 'no bytes' };
    const r: RowResult = { ...base, size: c.bytes.length };
    const problems: string[] = [];
    for (const op of ['encode', 'decode'] as const) {
      if (op === 'encode' && !c.row.encode) continue;
      if (op === 'decode' && c.row.timeDecode === false) continue;
      const name = `${c.row.name} ${op}`;
      const s = stat(bench.getTask(name), totals.get(name));
      if (typeof s === 'string') problems.push(`${op} ${s}`);
      else r[op] = s;
    }
    if (problems.length) r.disqualified = problems.join('; ');
    return r;
  });
}

export const fmtHz = (hz: number): string =>
  hz >= 100 ? Math.round(hz).toLocaleString('en-US') : hz >= 10 ? hz.toFixed(1) : hz.toFixed(2);

/** Times one row in a fresh process (child.ts); the child rebuilds the data and re-checks the row. */
function timeInChild(w: Workload, c: Checked): Promise<RowResult> {
  return new Promise((resolve) => {
    let result: RowResult | undefined;
    const child = fork(new URL('./child.ts', import.meta.url), [w.id, c.adapter ?? '', c.row.name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m) => { result = m as RowResult; });
    child.on('exit', (code, signal) => resolve(result ?? {
      name: c.row.name, role: c.row.role, disqualified: `timing process ended (${signal ?? `exit ${code}`}) without a result`,
    }));
  });
}

/** One row's results over several rounds: per operation the median round by ops/s (of two, the faster). */
function combine(runs: readonly RowResult[]): RowResult {
  const bad = runs.find((r) => r.disqualified);
  if (bad || runs.length === 1) return bad ?? runs[0]!;
  const out: RowResult = { ...runs[0]! };
  for (const op of ['encode', 'decode'] as const) {
    const stats = runs.map((r) => r[op]).filter((x) => x !== undefined).sort((x, y) => x.hz - y.hz);
    if (stats.length) out[op] = { ...stats[Math.floor(stats.length / 2)]!, rounds: stats.map((x) => x.hz) };
  }
  return out;
}

/**
 * Runs a whole workload. The rows are listed from a small instance of the data; each row is then
 * checked and timed on the full data in a process of its own (child.ts), and reported loudly if
 * its round trip fails. With `repeat` > 1 every row is timed that many times, in rounds that
 * alternate the row order, and the median round is kept.
 */
export async function runWorkload(w: Workload, adapters: readonly Adapter[], repeat = 1): Promise<WorkloadResult> {
  const started = performance.now();
  console.log(`\n== ${w.title} ==`);
  const listed = collectRows(adapters, w.make(true));
  const runs = new Map<string, RowResult[]>(listed.map((c) => [c.row.name, []]));
  for (let round = 0; round < repeat; round++) {
    if (repeat > 1) console.log(`  -- round ${round + 1} of ${repeat}`);
    for (const c of round % 2 ? [...listed].reverse() : listed) {
      if (round > 0 && runs.get(c.row.name)!.some((r) => r.disqualified)) continue;
      const r: RowResult = c.disqualified
        ? { name: c.row.name, role: c.row.role, disqualified: c.disqualified }
        : { ...(await timeInChild(w, c)), ...(c.row.note ? { note: c.row.note } : {}) };
      if (r.disqualified) loud(w.id, { row: c.row, disqualified: r.disqualified });
      runs.get(c.row.name)!.push(r);
    }
  }
  const rows = listed.map((c) => combine(runs.get(c.row.name)!));
  if (repeat > 1) {
    const show = (st: OpStat | undefined) => (st ? `${fmtHz(st.hz)} [${(st.rounds ?? [st.hz]).map(fmtHz).join(', ')}]` : '—');
    console.log('  median round [every round]:');
    for (const r of rows) if (!r.disqualified) console.log(`  ${r.name.padEnd(30)} encode ${show(r.encode).padEnd(44)} decode ${show(r.decode)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`  (${w.id}: ${seconds.toFixed(1)} s)`);
  return { id: w.id, title: w.title, describe: w.describe, rows, seconds, repeat, ...(w.group ? { group: w.group } : {}) };
}
