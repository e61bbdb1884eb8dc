// The exact payload size of a value, told cheaply, used to allocate a large output once at its
// final size (no growth copies, no copy-out). It only looks at the top of the value: fixed-size
// parts, strings, bulk parts (typed arrays, records, bytes) and vectors of fixed-size items, all
// O(1) but strings; anything that would need a walk over many items returns -1. It is a size
// hint: a value that changes while it is written (a getter) only costs a copy, never a bad file.

import { RecordArray } from '../records/record-array.ts';
import { perVersion } from '../layout/memo.ts';
import { packedLayout } from '../layout/packed.ts';
import type { FieldDef, Schema } from '../schema/types.ts';
import { fieldPlan } from '../layout/plan.ts';
import { fixedSize } from '../layout/sizes.ts';
import { utf8Length, uvarint64Size, uvarintSize, varintSize, zigzag64Size, zigzagSize } from '../wire/writer.ts';
import { FIXED_SIZE, TAG_WIDTH } from '../kinds/table.ts';

/** Payload bytes of `x` as `s` at version `v`, or -1 when they cannot be told cheaply. */
export function estimatePayload(s: Schema, x: unknown, v: number): number {
  return end(s, x, v, 0, 64);
}

const alignUp = (p: number, a: number): number => p + ((a - (p % a)) % a);

/** Position after `x` written as `s` from payload offset `p` (alignment counts from the payload start), or -1. */
function end(s: Schema, x: unknown, v: number, p: number, budget: number): number {
  if (budget <= 0) return -1;
  const f = FIXED_SIZE[s.kind];
  if (f !== undefined) return p + f;
  switch (s.kind) {
    case 'enum': return p + TAG_WIDTH[s.size];
    case 'string': { if (typeof x !== 'string') return -1; const n = utf8Length(x); return p + varintSize(n) + n; }
    case 'bytes': return x instanceof Uint8Array ? p + varintSize(x.length) + x.length : -1;
    case 'fixed': return p + s.length;
    case 'uvarint': return typeof x === 'number' && x >= 0 ? p + uvarintSize(x) : -1;
    case 'varint': return typeof x === 'number' ? p + zigzagSize(x) : -1;
    case 'uvarint64': return typeof x === 'bigint' && x >= 0n ? p + uvarint64Size(x) : typeof x === 'number' && x >= 0 ? p + uvarintSize(x) : -1;
    case 'varint64': return typeof x === 'bigint' ? p + zigzag64Size(x) : typeof x === 'number' ? p + zigzagSize(x) : -1;
    case 'typed': {
      if (!ArrayBuffer.isView(x)) return -1;
      const t = x as ArrayBufferView & { length: number; BYTES_PER_ELEMENT: number };
      return alignUp(p + varintSize(t.length), t.BYTES_PER_ELEMENT) + t.byteLength;
    }
    case 'records': {
      if (!(x instanceof RecordArray)) return -1;
      const l = packedLayout(s.struct, v); // the layout stored at v (records evolve)
      return alignUp(p + varintSize(x.length), l.align!) + x.length * l.size!;
    }
    case 'option': return x === undefined || x === null ? p + 1 : end(s.item, x, v, p + 1, budget - 1);
    case 'vec': case 'array': {
      if (!Array.isArray(x)) return -1;
      const size = fixedSize(s.item, v);
      const q = s.kind === 'vec' ? p + varintSize(x.length) : p;
      if (size === undefined) return x.length === 0 ? q : -1;
      return q + x.length * size;
    }
    case 'struct': return fields(s.fields, x, v, p, budget);
    default: return -1;
  }
}

function fields(fs: readonly FieldDef[], x: unknown, v: number, p: number, budget: number): number {
  if (typeof x !== 'object' || x === null) return -1;
  const plan = fieldPlan(fs, v);
  if (plan.onSave.length) return -1;
  for (const st of plan.stored) {
    if (st.inMemory && !st.was) p = end(st.type, (x as Record<string, unknown>)[st.def.name], v, p, budget - plan.stored.length);
    else { const n = fixedSize(st.type, v); p = n === undefined ? -1 : p + n; }
    if (p < 0) return -1;
  }
  return p;
}

/** True when `s` at `v` has parts whose size is cheap to tell and may be large (bulk arrays, vectors of fixed-size items; cached). */
export const hasBulk: (s: Schema, v: number) => boolean = perVersion((s: Schema, v: number) => bulk(s, v, 0));

function bulk(s: Schema, v: number, depth: number): boolean {
  if (depth > 16) return false;
  switch (s.kind) {
    case 'records': case 'typed': case 'bytes': return true;
    case 'vec': case 'array': return (fixedSize(s.item, v) ?? 0) > 0;
    case 'option': return bulk(s.item, v, depth + 1);
    case 'struct': return fieldPlan(s.fields, v).stored.some((st) => st.inMemory && !st.was && bulk(st.type, v, depth + 1));
    default: return false;
  }
}
