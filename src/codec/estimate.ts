// A cheap size estimate of a payload, used to allocate a large output once at its final size
// (no growth copies, no copy-out). It only looks at the top of the value: fixed-size parts,
// strings (counted as ASCII), bulk parts (typed arrays, records, bytes) and vectors of
// fixed-size items, all O(1); anything that would need a walk over many items returns -1.

import { RecordArray } from '../records.ts';
import type { FieldDef, Schema } from '../schema/types.ts';
import { fieldPlan } from './plan.ts';
import { varintSize } from './writer.ts';

const FIXED: Record<string, number> = { bool: 1, u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, f64: 8, u64: 8, i64: 8, unit: 0, canary: 4 };
const TAG: Record<string, number> = { u8: 1, u16: 2, u32: 4 };

/** Estimated payload bytes of `x` as `s` at version `v`, or -1 when it cannot be told cheaply. */
export function estimatePayload(s: Schema, x: unknown, v: number, budget = 64): number {
  if (budget <= 0) return -1;
  const f = FIXED[s.kind];
  if (f !== undefined) return f;
  switch (s.kind) {
    case 'enum': return TAG[s.size]!;
    case 'string': return typeof x === 'string' ? x.length + varintSize(x.length) : -1;
    case 'bytes': return x instanceof Uint8Array ? x.length + 5 : -1;
    case 'typed': return ArrayBuffer.isView(x) ? x.byteLength + 5 + 7 : -1;
    case 'records': return x instanceof RecordArray ? x.bytes.length + 5 + 7 : -1;
    case 'option': return x === undefined || x === null ? 1 : add(1, estimatePayload(s.item, x, v, budget - 1));
    case 'lazy': return -1;
    case 'vec': case 'array': {
      if (!Array.isArray(x)) return -1;
      const size = fixedSize(s.item, v);
      if (size < 0) return x.length === 0 ? 5 : -1;
      return x.length * size + 5;
    }
    case 'struct': return fields(s.fields, x, v, budget);
    default: return -1;
  }
}

function add(a: number, b: number): number {
  return b < 0 ? -1 : a + b;
}

function fields(fs: readonly FieldDef[], x: unknown, v: number, budget: number): number {
  if (typeof x !== 'object' || x === null) return -1;
  const plan = fieldPlan(fs, v);
  if (plan.onSave.length) return -1;
  let total = 0;
  for (const st of plan.stored) {
    const n = st.inMemory && !st.was ? estimatePayload(st.type, (x as Record<string, unknown>)[st.def.name], v, budget - plan.stored.length) : fixedSize(st.type, v);
    if (n < 0) return -1;
    total += n;
  }
  return total;
}

/** Size of a fixed-size stored type at `v`, or -1. */
function fixedSize(s: Schema, v: number, depth = 0): number {
  const f = FIXED[s.kind];
  if (f !== undefined) return f;
  if (depth > 16) return -1;
  if (s.kind === 'enum') return TAG[s.size]!;
  if (s.kind === 'array') { const n = fixedSize(s.item, v, depth + 1); return n < 0 ? -1 : n * s.length; }
  if (s.kind === 'struct') {
    let total = 0;
    for (const st of fieldPlan(s.fields, v).stored) { const n = fixedSize(st.type, v, depth + 1); if (n < 0) return -1; total += n; }
    return total;
  }
  return -1;
}

const bulkCache = new WeakMap<Schema, Map<number, boolean>>();

/** True when `s` at `v` has parts whose size is cheap to tell and may be large (bulk arrays, vectors of fixed-size items). */
export function hasBulk(s: Schema, v: number): boolean {
  let byV = bulkCache.get(s);
  if (!byV) bulkCache.set(s, (byV = new Map()));
  let r = byV.get(v);
  if (r === undefined) byV.set(v, (r = bulk(s, v, 0)));
  return r;
}

function bulk(s: Schema, v: number, depth: number): boolean {
  if (depth > 16) return false;
  switch (s.kind) {
    case 'records': case 'typed': case 'bytes': return true;
    case 'vec': case 'array': return fixedSize(s.item, v) > 0;
    case 'option': return bulk(s.item, v, depth + 1);
    case 'struct': return fieldPlan(s.fields, v).stored.some((st) => st.inMemory && !st.was && bulk(st.type, v, depth + 1));
    default: return false;
  }
}
