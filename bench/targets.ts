// The speed and size targets of issue 6, as ratios measured within one run, and their evaluation.
// "Fastest peer" is the fastest qualifying peer row for that operation (never a limit row, never
// savepack). Speed ratio = savepack ops/s ÷ reference ops/s; size ratio = savepack bytes ÷ reference bytes.

import type { RowResult, WorkloadId, WorkloadResult } from './types.ts';

type Op = 'encode' | 'decode';

export interface Target {
  workload: WorkloadId;
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
    workload, row, op, against, label: `${label} ${op}`, min: typeof min === 'number' ? min : min[i]!,
  }));

export const TARGETS: readonly Target[] = [
  ...speed('w1', 'savepack', 'W1 objects', 'peer', [5, 1.8]),
  ...speed('w1p', 'savepack (checksum off)', 'W1p packed, checksum off, vs fastest peer:', 'peer', 1.0),
  ...speed('w1p', 'savepack (checksum off)', 'W1p packed, checksum off, vs allocate+copy:', 'limit (allocate + copy)', 0.5),
  ...speed('w1p', 'savepack (checksum on)', 'W1p packed, checksum on, vs allocate+copy:', 'limit (allocate + copy)', 0.3),
  ...speed('w3', 'savepack', 'W3 entities', 'peer', 1.5),
  { workload: 'w3', label: 'W3 entities size vs avsc', row: 'savepack', op: 'size', against: 'avsc', max: 1.0 },
  ...speed('w4', 'savepack (no header)', 'W4 small message (no header)', 'peer', 1.0),
  { workload: 'versioned', label: 'Versioned load: v0 file vs current file', row: 'savepack (v0 file → v2)', op: 'decode', against: 'savepack (v2 file)', min: 0.8 },
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

export function evaluate(t: Target, results: ReadonlyMap<WorkloadId, WorkloadResult>): Evaluated {
  const w = results.get(t.workload);
  if (!w) return { target: t, why: 'workload not run' };
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
