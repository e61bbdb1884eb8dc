// The speed and size targets of issues 6 and 13, as ratios measured within one run, and their
// evaluation. "Fastest peer" is the fastest qualifying peer row for that operation (never a limit
// row, never savepack). Speed ratio = savepack ops/s ÷ reference ops/s; size ratio = savepack
// bytes ÷ reference bytes. A group target (W5) is the geometric mean of the per-workload ratios
// (per message: against that message's fastest peer), and needs every member measured.

import type { GroupId, RowResult, WorkloadId, WorkloadResult } from './types.ts';

type Op = 'encode' | 'decode';

export interface Target {
  /** A workload, or a group whose members' ratios are combined by geometric mean. */
  workload: WorkloadId | GroupId;
  /** The issue that set the target. */
  issue: 6 | 13 | 14;
  label: string;
  row: string;
  op: Op | 'size';
  /** 'peer': the fastest peer; otherwise a row name. */
  against: 'peer' | string;
  min?: number;
  max?: number;
}

/** An encode and a decode target; `min` is one minimum for both or [encode, decode]. */
const speed = (workload: WorkloadId, row: string, label: string, against: string, min: number | [number, number]): Target[] =>
  (['encode', 'decode'] as const).map((op, i) => ({
    workload, issue: 6, row, op, against, label: `${label} ${op}`, min: typeof min === 'number' ? min : min[i]!,
  }));

/** An issue-13 target (labelled so). */
const i13 = (t: Omit<Target, 'issue' | 'label'> & { label: string }): Target => ({ ...t, issue: 13, label: `${t.label} (issue 13)` });

export const TARGETS: readonly Target[] = [
  ...speed('w1', 'savepack', 'W1 objects', 'peer', [5, 1.8]),
  ...speed('w1p', 'savepack (checksum off)', 'W1p packed, checksum off, vs fastest peer:', 'peer', 1.0),
  ...speed('w1p', 'savepack (checksum off)', 'W1p packed, checksum off, vs allocate+copy:', 'limit (allocate + copy)', 0.5),
  ...speed('w1p', 'savepack (checksum on)', 'W1p packed, checksum on, vs allocate+copy:', 'limit (allocate + copy)', 0.3),
  ...speed('w3', 'savepack', 'W3 entities', 'peer', 1.5),
  { workload: 'w3', issue: 6, label: 'W3 entities size vs avsc', row: 'savepack', op: 'size', against: 'avsc', max: 1.0 },
  ...speed('w4', 'savepack (no header)', 'W4 small message (no header)', 'peer', 1.0),
  { workload: 'versioned', issue: 6, label: 'Versioned load: v0 file vs current file', row: 'savepack (v0 file → v2)', op: 'decode', against: 'savepack (v2 file)', min: 0.8 },
  // Issue 14: loading a 1M-record history one version back costs at most 3x loading the current version.
  { workload: 'records-evolve', issue: 14, label: 'Records that evolve: v0 history load vs current (at most 3x the time: speed ratio >= 0.34)', row: 'savepack (v0 file → v1)', op: 'decode', against: 'savepack (v1 file)', min: 0.34 },
  i13({ workload: 'w5', label: 'W5 small messages encode, geomean vs best peer per message', row: 'savepack', op: 'encode', against: 'peer', min: 1.2 }),
  i13({ workload: 'w5', label: 'W5 small messages decode, geomean vs best peer per message', row: 'savepack', op: 'decode', against: 'peer', min: 1.0 }),
  i13({ workload: 'w5', label: 'W5 small messages size vs avsc, geomean', row: 'savepack', op: 'size', against: 'avsc', max: 1.05 }),
  i13({ workload: 'w4', label: 'W4 one entity, default file frame, decode vs fastest peer', row: 'savepack (defaults)', op: 'decode', against: 'peer', min: 0.6 }),
  i13({ workload: 'w1', label: 'W1 objects decode vs best peer', row: 'savepack', op: 'decode', against: 'peer', min: 1.5 }),
  // msgpackr's result aliases its input: the fair savepack row decodes with `views: true` (the same
  // aliasing; API.md section 8 forbids it otherwise, so the copying rows pay an 8 MB copy msgpackr skips).
  i13({ workload: 'w1p', label: 'W1p packed decode (views: true, as msgpackr) vs msgpackr', row: 'savepack (views)', op: 'decode', against: 'msgpackr', min: 1.0 }),
  i13({ workload: 'w3', label: 'W3 entities decode vs msgpackr (shared structures)', row: 'savepack', op: 'decode', against: 'msgpackr', min: 1.5 }),
  i13({ workload: 'w6', label: 'W6 vector of {i32, f64, f64} decode vs best peer', row: 'savepack', op: 'decode', against: 'peer', min: 1.5 }),
];

export interface Evaluated {
  target: Target;
  /** Measured ratio, or undefined with `why`. */
  ratio?: number;
  /** The reference row the ratio is against. */
  reference?: string;
  pass?: boolean;
  why?: string;
}

const ok = (r: RowResult | undefined): r is RowResult => !!r && !r.disqualified;

/** The fastest qualifying peer row for `op` in `w`. */
export function fastestPeer(w: WorkloadResult, op: Op): RowResult | undefined {
  let best: RowResult | undefined;
  for (const r of w.rows) if (r.role === 'peer' && ok(r) && r[op] && (!best || r[op]!.hz > best[op]!.hz)) best = r;
  return best;
}

/** Speed ratio of `row` against the fastest peer (or a named row), for one op. */
export function ratio(w: WorkloadResult, row: RowResult, op: Op, against: 'peer' | string): { ratio: number; reference: string } | undefined {
  const ref = against === 'peer' ? fastestPeer(w, op) : w.rows.find((r) => r.name === against);
  if (!ok(ref) || !ref[op] || !row[op]) return undefined;
  return { ratio: row[op]!.hz / ref[op]!.hz, reference: ref.name };
}

/** The workloads a target is measured on: its workload, or the members of its group that ran. */
export function targetWorkloads(t: Target, results: ReadonlyMap<WorkloadId, WorkloadResult>): WorkloadResult[] {
  const one = results.get(t.workload as WorkloadId);
  return one ? [one] : [...results.values()].filter((w) => w.group === t.workload);
}

/** Geometric mean of positive numbers. */
export const geomean = (xs: readonly number[]): number => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

export function evaluate(t: Target, results: ReadonlyMap<WorkloadId, WorkloadResult>): Evaluated {
  const ws = targetWorkloads(t, results);
  if (!ws.length) return { target: t, why: 'workload not run' };
  if (ws.length === 1 && ws[0]!.id === t.workload) return evaluateOne(t, ws[0]!);
  const parts = ws.map((w) => ({ w, e: evaluateOne(t, w) }));
  const bad = parts.find((p) => p.e.ratio === undefined);
  if (bad) return { target: t, why: `${bad.w.id}: ${bad.e.why}` };
  const ratio = geomean(parts.map((p) => p.e.ratio!));
  const reference = t.against === 'peer' ? `best peer per message, ${ws.length} messages` : `${t.against}, ${ws.length} messages`;
  const pass = (t.min === undefined || ratio >= t.min) && (t.max === undefined || ratio <= t.max);
  return { target: t, ratio, reference, pass };
}

/** A target evaluated on one workload. */
export function evaluateOne(t: Target, w: WorkloadResult): Evaluated {
  const row = w.rows.find((r) => r.name === t.row);
  if (!row) return { target: t, why: `no "${t.row}" row (savepack not available?)` };
  if (row.disqualified) return { target: t, why: `"${t.row}" disqualified: ${row.disqualified}` };
  let measured: { ratio: number; reference: string } | undefined;
  if (t.op === 'size') {
    const ref = w.rows.find((r) => r.name === t.against);
    if (ref?.size && row.size) measured = { ratio: row.size / ref.size, reference: ref.name };
  } else {
    measured = ratio(w, row, t.op, t.against);
  }
  if (!measured) return { target: t, why: `reference "${t.against}" not measured` };
  const pass = (t.min === undefined || measured.ratio >= t.min) && (t.max === undefined || measured.ratio <= t.max);
  return { target: t, ...measured, pass };
}

export const requirement = (t: Target): string => (t.min !== undefined ? `≥ ${t.min}×` : `≤ ${t.max}×`);
