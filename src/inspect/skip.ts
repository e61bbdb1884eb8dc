// Skipping a stored value without decoding it: fixed-size parts by arithmetic, bulk data
// (typed, records, strings, bytes) by their declared lengths, variable-size items one by one.
// Every length is checked against the bytes that remain (53-bit arithmetic) before the cursor
// moves; contents are not validated (a get of the value itself validates what it returns).

import { NUMBER, type TypedKind } from '../kinds/table.ts';
import { COST } from '../layout/cost.ts';
import { fixedSize, minSize } from '../layout/sizes.ts';
import { packedLayout } from '../layout/packed.ts';
import { variantTables } from '../layout/variants.ts';
import type { FieldDef, Schema, StructSchema } from '../schema/types.ts';
import { printable } from '../schema/printable.ts';
import { dataError, type Reader } from '../wire/reader.ts';
import { STORED_V } from '../codec/stored.ts';

/** Encoded size of every value of `s` when it never varies, else undefined. */
export function sizeOf(s: Schema): number | undefined {
  return fixedSize(s, STORED_V);
}

/** Moves `r` forward by `n` bytes (TRUNCATED when fewer remain). */
export function advance(r: Reader, n: number): void {
  if (n > r.end - r.pos) r.truncated(n);
  r.pos += n;
}

/** Reads a declared count (a varint) checked against limits.maxLength and, for items of `min` bytes, the bytes that remain. */
export function countOf(r: Reader, min: number): number {
  const n = r.varint();
  if (n > r.limits.maxLength) dataError('LIMIT_EXCEEDED', `declared length ${n} exceeds limits.maxLength ${r.limits.maxLength}`);
  if (n * min > r.end - r.pos) dataError('TRUNCATED', `declared length ${n} needs at least ${n * min} bytes, only ${r.end - r.pos} remain`);
  // Items that may take no bytes are bounded as decode bounds them: a slot each in what a decode may charge.
  if (min === 0 && COST.ARRAY + n * COST.SLOT > r.chargeable) r.overBudget(`declared length ${n} of zero-size elements needs ~${COST.ARRAY + n * COST.SLOT} bytes of memory`);
  return n;
}

/** Record size and alignment of a records struct (checked packed when the schema was read). */
export function recordShape(s: StructSchema): { size: number; align: number } {
  const l = packedLayout(s, STORED_V);
  return { size: l.size!, align: l.align! };
}

/** Element size of a typed kind. */
export function elementSize(k: TypedKind): number {
  return NUMBER[k].width;
}

/** The fields a union value at `r` holds (its discriminant read), or null for a unit variant. */
export function unionFields(r: Reader, s: Schema & { kind: 'union' }): { name: string; fields: readonly FieldDef[] | null } {
  const d = r.tag(s.size);
  const t = variantTables(s, STORED_V);
  const name = t.byValue.get(d);
  if (name === undefined) dataError('INVALID_DATA', `unknown discriminant ${d} of union ${printable(s.name)}`);
  return { name, fields: t.fieldsOf.get(d) ?? null };
}

/** Reads an option's flag at `r`: true when the item follows. */
export function present(r: Reader): boolean {
  r.need(1);
  const b = r.buf[r.pos++]!;
  if (b > 1) dataError('INVALID_DATA', `option flag ${b} (must be 0 or 1)`);
  return b === 1;
}

/** Moves a reader past one value (closures built once per stored schema: no code is generated). */
type Skip = (r: Reader) => void;
const skippers = new WeakMap<Schema, Skip>();

/** Skips `n` items of `item` (fixed-size ones in one step); made once per array/vec skipper. */
function itemsSkipper(item: Schema): (r: Reader, n: number) => void {
  const size = sizeOf(item);
  if (size !== undefined) return (r, n) => advance(r, n * size);
  const skip = skipperOf(item);
  return (r, n) => { for (let i = 0; i < n; i++) skip(r); };
}

/** Moves `r` past one value of stored schema `s`. */
export function skipValue(r: Reader, s: Schema): void {
  skipperOf(s)(r);
}

/** The skipper of `s`, made on first use; t.lazy resolves its target when it runs, so making one always ends. */
function skipperOf(s: Schema): Skip {
  let f = skippers.get(s);
  if (!f) skippers.set(s, (f = makeSkipper(s)));
  return f;
}

function makeSkipper(s: Schema): Skip {
  const size = sizeOf(s);
  if (size !== undefined) return (r) => advance(r, size);
  switch (s.kind) {
    case 'uvarint': return (r) => { r.uvarint53(); };
    case 'varint': return (r) => { r.varint53(); };
    case 'uvarint64': return (r) => { r.uvarint64(); };
    case 'varint64': return (r) => { r.varint64(); };
    case 'string': case 'bytes': return (r) => advance(r, countOf(r, 1));
    case 'array': { const items = itemsSkipper(s.item), n = s.length; return (r) => items(r, n); }
    case 'vec': { const items = itemsSkipper(s.item), min = minOf(s.item); return (r) => items(r, countOf(r, min)); }
    case 'option': {
      const item = skipperOf(s.item);
      return (r) => { if (present(r)) item(r); };
    }
    case 'tuple': return partsOf(s.items as readonly Schema[]);
    case 'map': {
      const key = skipperOf(s.key), value = skipperOf(s.value), min = minOf(s.key) + minOf(s.value);
      return (r) => { const n = countOf(r, min); for (let i = 0; i < n; i++) { key(r); value(r); } };
    }
    case 'typed': {
      const w = elementSize(s.element as TypedKind);
      return (r) => { const n = countOf(r, w); r.align(w); advance(r, n * w); };
    }
    case 'records': {
      const l = recordShape(s.struct);
      return (r) => { const n = countOf(r, l.size); r.align(l.align); advance(r, n * l.size); };
    }
    case 'lazy': {
      // The target's skipper is looked up on the first run (making one must not follow the cycle), then kept.
      const get = s.get;
      let target: Skip | undefined;
      return (r) => {
        if (++r.depth > r.limits.maxDepth) dataError('LIMIT_EXCEEDED', `data nests deeper than limits.maxDepth (${r.limits.maxDepth})`);
        (target ??= skipperOf(get()))(r);
        r.depth--;
      };
    }
    case 'custom': return skipperOf(s.base);
    case 'struct': return partsOf(s.fields.map((f) => f.schema));
    case 'union': {
      const u = s;
      // The variants unionFields reads by (variantTables at STORED_V), each with its fields' skipper.
      const byValue = new Map<number, Skip>();
      for (const [d, fields] of variantTables(u, STORED_V).fieldsOf) byValue.set(d, partsOf((fields ?? []).map((f) => f.schema)));
      return (r) => {
        const d = r.tag(u.size);
        const skip = byValue.get(d);
        if (skip === undefined) dataError('INVALID_DATA', `unknown discriminant ${d} of union ${printable(u.name)}`);
        skip(r);
      };
    }
    default: return () => undefined;
  }
}

/** Skips values of `types` in order; runs of fixed-size ones in one step. */
function partsOf(types: readonly Schema[]): Skip {
  const ps: Skip[] = [];
  let run = 0;
  for (const x of types) {
    const size = sizeOf(x);
    if (size !== undefined) { run += size; continue; }
    if (run) { const n = run; ps.push((r) => advance(r, n)); run = 0; }
    ps.push(skipperOf(x));
  }
  if (run) { const n = run; ps.push((r) => advance(r, n)); }
  return parts(ps);
}

/** Skips each part in order. */
function parts(ps: Skip[]): Skip {
  const n = ps.length;
  if (n === 0) return () => undefined;
  if (n === 1) return ps[0]!;
  return (r) => { for (let i = 0; i < n; i++) ps[i]!(r); };
}

/** Fewest bytes a value of `s` takes. */
export function minOf(s: Schema): number {
  return minSize(s, STORED_V);
}
