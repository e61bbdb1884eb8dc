// Skipping a stored value without decoding it: fixed-size parts by arithmetic, bulk data
// (typed, records, strings, bytes) by their declared lengths, variable-size items one by one.
// Every length is checked against the bytes that remain (53-bit arithmetic) before the cursor
// moves; contents are not validated (a get of the value itself validates what it returns).

import { NUMBER, TAG_WIDTH, type TypedKind } from '../kinds/table.ts';
import { fixedSize, minSize } from '../layout/sizes.ts';
import { packedLayout } from '../layout/packed.ts';
import { variantTables } from '../layout/variants.ts';
import type { FieldDef, Schema, StructSchema } from '../schema/types.ts';
import { printable } from '../schema/printable.ts';
import { dataError, type Reader } from '../wire/reader.ts';
import { STORED_V } from './stored.ts';

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

/** Skips `n` items of `item` (fixed-size ones in one step). */
export function skipItems(r: Reader, item: Schema, n: number): void {
  const size = sizeOf(item);
  if (size !== undefined) { advance(r, n * size); return; }
  for (let i = 0; i < n; i++) skipValue(r, item);
}

/** Moves `r` past one value of stored schema `s`. */
export function skipValue(r: Reader, s: Schema): void {
  const size = sizeOf(s);
  if (size !== undefined) { advance(r, size); return; }
  switch (s.kind) {
    case 'uvarint': r.uvarint53(); return;
    case 'varint': r.varint53(); return;
    case 'uvarint64': r.uvarint64(); return;
    case 'varint64': r.varint64(); return;
    case 'string': case 'bytes': advance(r, countOf(r, 1)); return;
    case 'array': skipItems(r, s.item, s.length); return;
    case 'vec': { const n = countOf(r, minOf(s.item)); skipItems(r, s.item, n); return; }
    case 'option': {
      r.need(1);
      const b = r.buf[r.pos++]!;
      if (b > 1) dataError('INVALID_DATA', `option flag ${b} (must be 0 or 1)`);
      if (b) skipValue(r, s.item);
      return;
    }
    case 'tuple': for (const x of s.items as readonly Schema[]) skipValue(r, x); return;
    case 'map': {
      const n = countOf(r, minOf(s.key) + minOf(s.value));
      for (let i = 0; i < n; i++) { skipValue(r, s.key); skipValue(r, s.value); }
      return;
    }
    case 'typed': {
      const w = elementSize(s.element as TypedKind);
      const n = countOf(r, w);
      r.align(w);
      advance(r, n * w);
      return;
    }
    case 'records': {
      const l = recordShape(s.struct);
      const n = countOf(r, l.size);
      r.align(l.align);
      advance(r, n * l.size);
      return;
    }
    case 'lazy': {
      if (++r.depth > r.limits.maxDepth) dataError('LIMIT_EXCEEDED', `data nests deeper than limits.maxDepth (${r.limits.maxDepth})`);
      skipValue(r, s.get());
      r.depth--;
      return;
    }
    case 'custom': skipValue(r, s.base); return;
    case 'enum': advance(r, TAG_WIDTH[s.size]); return;
    case 'struct': for (const f of s.fields) skipValue(r, f.schema); return;
    case 'union': { const u = unionFields(r, s); for (const f of u.fields ?? []) skipValue(r, f.schema); return; }
  }
}

/** Fewest bytes a value of `s` takes. */
export function minOf(s: Schema): number {
  return minSize(s, STORED_V);
}
