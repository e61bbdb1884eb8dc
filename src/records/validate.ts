// The packed path's per-record checks: which bytes of a record must be 0/1 (bools) or a known
// discriminant (enums), handed to the validation kernel (WASM or JS) before records are handed out.

import { SavepackError } from '../errors.ts';
import type { StructSchema } from '../schema/types.ts';
import { findInvalidRecord, type FieldCheck } from '../wasm/index.ts';
import { leaves, type Leaf } from '../layout/leaves.ts';
import { perVersion } from '../layout/memo.ts';
import { LATEST } from '../schema/versions.ts';
import { FIXED_SIZE } from '../kinds/table.ts';

/** Bytes of a checked leaf (a bool, or an enum's discriminant kind). */
const sizeOf = (kind: string) => FIXED_SIZE[kind] as 1 | 2 | 4;
/** The checks of a packed struct's records as stored at version `v` (empty when it has no bool or enum; cached). */
export const recordChecks: (s: StructSchema, v?: number) => { checks: FieldCheck[]; leaves: Leaf[] } = ((cached) => (s: StructSchema, v: number = LATEST) => cached(s, v))(perVersion((s: StructSchema, v: number) => {
  const ls = leaves(s, v).filter((l) => l.kind === 'bool' || l.enum);
  const checks = ls.map((l): FieldCheck => {
    if (!l.enum) return { offset: l.offset, size: 1, max: 1 };
    const values = l.enum.variants.map((v) => v.value).sort((a, b) => a - b);
    const max = values[values.length - 1]!;
    const dense = values.every((v, i) => v === i);
    return dense ? { offset: l.offset, size: sizeOf(l.kind), max } : { offset: l.offset, size: sizeOf(l.kind), max, allowed: values };
  });
  return { checks, leaves: ls };
}));

/** Fails with INVALID_DATA naming the first bad record and field, if any record (stored at version `v`, default the newest) is invalid. */
export function validateRecords(s: StructSchema, bytes: Uint8Array, count: number, stride: number, v: number = LATEST): void {
  const { checks, leaves: ls } = recordChecks(s, v);
  if (checks.length === 0 || count === 0) return;
  const bad = findInvalidRecord(bytes, count, stride, checks);
  if (bad < 0) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset + bad * stride, stride);
  for (let i = 0; i < checks.length; i++) {
    const ch = checks[i]!;
    const val = ch.size === 1 ? view.getUint8(ch.offset) : ch.size === 2 ? view.getUint16(ch.offset, true) : view.getUint32(ch.offset, true);
    const ok = ch.allowed ? ch.allowed.includes(val) : val <= ch.max;
    if (!ok) {
      const l = ls[i]!;
      const field = l.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
      const what = l.enum ? `unknown discriminant ${val} of enum ${l.enum.name}` : `bool byte ${val} (must be 0 or 1)`;
      throw new SavepackError('INVALID_DATA', `record ${bad}: ${what}`, `[${bad}]${field}`);
    }
  }
  throw new SavepackError('INVALID_DATA', `record ${bad} is invalid`, `[${bad}]`);
}
