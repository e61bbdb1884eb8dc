// Differences between two decoded values, by path (`history[3].x`, `stats.hp`): what `savepack
// diff` lists after the schema differences. Bounded: it stops collecting after `max` differences
// and counts the rest only where counting is cheap (lists of equal length are compared item by
// item; packed records by their bytes first).

import { RecordArray } from '../records/record-array.ts';
import { childPath } from '../inspect/path.ts';

/** One difference: where, and the value on each side (`undefined` on a side that lacks it). */
export interface ValueDifference {
  /** The path, as `open(bytes).get` takes it. */
  path: string;
  /** What the path holds in the first file, or `missing` when it is not there. */
  a: unknown;
  /** What the path holds in the second file, or `missing` when it is not there. */
  b: unknown;
  /** What kind of difference: a changed value, a key only in b, a key only in a, a list length. */
  kind: 'changed' | 'added' | 'removed' | 'length';
}

/** The differences found (at most `max`) and how many more there were past those. */
export interface ValueDiff { differences: ValueDifference[]; more: number }

const isList = (v: unknown): v is ArrayLike<unknown> | RecordArray =>
  Array.isArray(v) || v instanceof RecordArray || (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof Uint8Array));
const itemOf = (v: ArrayLike<unknown> | RecordArray, i: number): unknown => (v instanceof RecordArray ? v.get(i) : (v as ArrayLike<unknown>)[i]);

/** True when two byte strings hold the same bytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Every difference between `a` and `b`, at most `max` listed. */
export function diffValues(a: unknown, b: unknown, max = 50): ValueDiff {
  const differences: ValueDifference[] = [];
  let more = 0;
  const note = (d: ValueDifference) => { if (differences.length < max) differences.push(d); else more++; };
  const walk = (path: string, x: unknown, y: unknown, depth: number): void => {
    if (x === y || (typeof x === 'number' && typeof y === 'number' && Object.is(x, y))) return;
    if (x instanceof Uint8Array && y instanceof Uint8Array) { if (!sameBytes(x, y)) note({ path, a: x, b: y, kind: 'changed' }); return; }
    if (isList(x) && isList(y) && depth < 64) {
      if (x instanceof RecordArray && y instanceof RecordArray && x.stride === y.stride && sameBytes(x.bytes, y.bytes)) return;
      if (x.length !== y.length) note({ path, a: x.length, b: y.length, kind: 'length' });
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        if (differences.length >= max && more > 10_000) return; // enough: the count past here would cost a full walk
        walk(childPath(path, i), itemOf(x, i), itemOf(y, i), depth + 1);
      }
      // Items only one side has: listed while there is room, counted past it.
      const longer = x.length > y.length ? x : y;
      const kind = x.length > y.length ? 'removed' : 'added';
      for (let i = n; i < longer.length; i++) {
        if (differences.length >= max) { more += longer.length - i; return; }
        const v = itemOf(longer, i);
        note({ path: childPath(path, i), a: kind === 'removed' ? v : undefined, b: kind === 'added' ? v : undefined, kind });
      }
      return;
    }
    if (x instanceof Map && y instanceof Map && depth < 64) {
      for (const [k, v] of x) {
        const label = childPath(path, k);
        if (!y.has(k)) note({ path: label, a: v, b: undefined, kind: 'removed' });
        else walk(label, v, y.get(k), depth + 1);
      }
      for (const [k, v] of y) if (!x.has(k)) note({ path: childPath(path, k), a: undefined, b: v, kind: 'added' });
      return;
    }
    const plain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !isList(v) && !(v instanceof Map) && !(v instanceof Uint8Array);
    if (plain(x) && plain(y) && depth < 64) {
      for (const k of Object.keys(x)) {
        if (!Object.hasOwn(y, k)) note({ path: childPath(path, k), a: x[k], b: undefined, kind: 'removed' });
        else walk(childPath(path, k), x[k], y[k], depth + 1);
      }
      for (const k of Object.keys(y)) if (!Object.hasOwn(x, k)) note({ path: childPath(path, k), a: undefined, b: y[k], kind: 'added' });
      return;
    }
    note({ path, a: x, b: y, kind: 'changed' });
  };
  walk('', a, b, 0);
  return { differences, more };
}
