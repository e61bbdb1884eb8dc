// Per-record field checks: the public FieldCheck shape and its normalized form, shared by the JS
// and WASM validators so both give the same answer for every input.

import { UINT_MAX } from '../kinds/table.ts';

/**
 * One per-record check at a byte offset inside each record. Bool = { offset, size: 1, max: 1 }.
 * Enum with discriminants 0..n-1 = { max: n-1 }. Sparse discriminants: `allowed` lists every
 * valid value (then `max` is the largest). Values are little-endian unsigned.
 */
export interface FieldCheck {
  offset: number;
  size: 1 | 2 | 4;
  max: number;
  allowed?: readonly number[];
}

/** A check reduced to a range and an optional set: valid iff value <= max and (no set or in set). */
export interface NormalizedCheck {
  readonly offset: number;
  readonly size: 1 | 2 | 4;
  /** Largest valid value, 0 .. 2^(8*size)-1. */
  readonly max: number;
  /** Sorted, distinct valid values (all <= max) when they are not simply 0..max; may be empty. */
  readonly set: Uint32Array | null;
}


/** Validates `checks` against `stride` (RangeError on misuse) and normalizes them; drops no-op checks. */
export function normalizeChecks(checks: readonly FieldCheck[], stride: number): NormalizedCheck[] {
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`stride must be a positive integer, got ${stride}`);
  const out: NormalizedCheck[] = [];
  for (const c of checks) {
    const { offset, size } = c;
    if (size !== 1 && size !== 2 && size !== 4) throw new RangeError(`check size must be 1, 2 or 4, got ${String(size)}`);
    if (!Number.isInteger(offset) || offset < 0 || offset + size > stride) {
      throw new RangeError(`check at offset ${offset} (size ${size}) does not fit a ${stride}-byte record`);
    }
    if (c.allowed === undefined && (typeof c.max !== 'number' || Number.isNaN(c.max))) throw new RangeError(`check max must be a number, got ${String(c.max)}`);
    const typeMax = UINT_MAX[size];
    let max: number, set: Uint32Array | null = null;
    if (c.allowed !== undefined) {
      // `allowed` lists every valid value; `max` is expected to be its largest and not consulted.
      const vals = [...new Set(c.allowed.filter((v) => Number.isInteger(v) && v >= 0 && v <= typeMax))].sort((a, b) => a - b);
      if (vals.length === 0) {
        max = typeMax; set = new Uint32Array(0); // nothing is valid
      } else {
        max = vals[vals.length - 1]!;
        // A set that is exactly 0..max is a plain range.
        if (vals.length !== max + 1) set = Uint32Array.from(vals);
      }
    } else {
      max = Math.min(Math.floor(c.max), typeMax);
      if (max < 0) { max = typeMax; set = new Uint32Array(0); } // nothing is valid
    }
    if (max === typeMax && set === null) continue; // every value passes
    out.push({ offset, size, max, set });
  }
  return out;
}

/** Throws RangeError unless `count` records of `stride` bytes fit in `data`. */
export function checkRecordArgs(data: Uint8Array, count: number, stride: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`stride must be a positive integer, got ${stride}`);
  if (count * stride > data.length) {
    throw new RangeError(`${count} records of ${stride} bytes need ${count * stride} bytes, data has ${data.length}`);
  }
}
