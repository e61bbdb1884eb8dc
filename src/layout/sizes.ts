// Encoded sizes of a stored type at one data version: its fixed size (when every value takes the
// same bytes), the part of that which generated code writes straight-line, and its minimum size
// (to bound a declared length before anything is allocated). Per-kind widths come from
// kinds/table.ts; the packed in-memory layout (alignment, padding) is packed.ts's.

import { FIXED_SIZE, MIN_SIZE, TAG_WIDTH } from '../kinds/table.ts';
import type { FieldDef, Schema } from '../schema/types.ts';
import { variantsAt } from '../schema/versions.ts';
import { generationAt } from '../schema/generations.ts';
import { perVersion, VersionCache } from './memo.ts';
import { fieldPlan } from './plan.ts';

/** Arrays longer than this are not unrolled into straight-line code. */
export const UNROLL_MAX = 64;
/** Nesting deeper than this is not written as one straight-line block. */
export const INLINE_DEPTH_MAX = 32;

// Composite schemas on the current recursion path: a schema object that contains itself (only a
// hand-made one can: t.lazy is never fixed) has no fixed size.
const openFixed = new Set<Schema>();
const openInline = new Set<Schema>();

/** Encoded size of a value of `s` stored at version `v` when it never varies, else undefined (cached). */
export function fixedSize(s: Schema, v: number): number | undefined {
  const f = FIXED_SIZE[s.kind];
  return f !== undefined ? f : fixedOf(s, v);
}

const fixedOf = perVersion((s: Schema, v: number): number | undefined => {
  if (openFixed.has(s)) return undefined;
  openFixed.add(s);
  try {
    switch (s.kind) {
      case 'enum': return TAG_WIDTH[s.size];
      case 'fixed': return s.length;
      case 'array': { const n = fixedSize(s.item, v); return n === undefined ? undefined : n * s.length; }
      case 'tuple': return sum(s.items as readonly Schema[], v);
      case 'struct': return sum(fieldPlan(s.fields, v).stored.map((st) => st.type), v);
      case 'custom': return fixedSize(s.base, v);
      default: return undefined;
    }
  } finally {
    openFixed.delete(s);
  }
});

function sum(types: readonly Schema[], v: number): number | undefined {
  let total = 0;
  for (const x of types) {
    const n = fixedSize(x, v);
    if (n === undefined) return undefined;
    total += n;
  }
  return total;
}

/**
 * Size of `s` at `v` when its values map one to one onto fixed bytes that generated code can
 * write and read straight-line (numbers, bool, unit, canary, enums, arrays of at most UNROLL_MAX
 * items and structs without hooks, older stored types or default functions, nested at most
 * INLINE_DEPTH_MAX deep), else undefined (cached).
 */
export function inlineSize(s: Schema, v: number): number | undefined {
  const f = FIXED_SIZE[s.kind];
  if (f !== undefined) return f;
  const r = inlineOf(s, v);
  return r !== undefined && r.height <= INLINE_DEPTH_MAX ? r.size : undefined;
}

/** A straight-line block: its size and how deep its parts nest below it. */
interface Inline { readonly size: number; readonly height: number }
const LEAF = (size: number): Inline => ({ size, height: 0 });

function inlinePart(s: Schema, v: number): Inline | undefined {
  const f = FIXED_SIZE[s.kind];
  return f !== undefined ? LEAF(f) : inlineOf(s, v);
}

const inlineOf = perVersion((s: Schema, v: number): Inline | undefined => {
  if (openInline.has(s)) return undefined;
  openInline.add(s);
  try {
    switch (s.kind) {
      case 'enum': return LEAF(TAG_WIDTH[s.size]);
      case 'array': {
        const n = inlinePart(s.item, v);
        return n === undefined || s.length > UNROLL_MAX ? undefined : { size: n.size * s.length, height: n.height + 1 };
      }
      case 'struct': {
        const p = fieldPlan(s.fields, v);
        if (p.onSave.length || p.onLoad.length) return undefined;
        let size = 0, height = 0;
        for (const st of p.stored) {
          if (st.was) return undefined;
          const n = inlinePart(st.type, v);
          if (n === undefined) return undefined;
          size += n.size;
          height = Math.max(height, n.height + 1);
        }
        if (p.absent.some((f) => f.hasDefault && typeof f.default === 'function')) return undefined;
        return { size, height };
      }
      default: return undefined;
    }
  } finally {
    openInline.delete(s);
  }
});

const minCache = new VersionCache<Schema, number>();

/** Fewest bytes a value of `s` takes at version `v` (recursion through t.lazy counts as 0; cached). */
export function minSize(s: Schema, v: number, seen: Set<Schema> = new Set()): number {
  const f = MIN_SIZE[s.kind];
  if (f !== undefined) return f;
  const hit = minCache.get(s, v);
  if (hit !== undefined) return hit;
  if (seen.has(s)) return 0;
  seen.add(s);
  let n: number;
  const fieldsMin = (fs: readonly FieldDef[]) => fieldPlan(fs, v).stored.reduce((a, st) => a + minSize(st.type, v, seen), 0);
  switch (s.kind) {
    case 'array': n = s.length * minSize(s.item, v, seen); break;
    case 'tuple': n = s.items.reduce((a: number, x: Schema) => a + minSize(x, v, seen), 0); break;
    case 'struct': n = fieldsMin(s.fields); break;
    case 'enum': n = TAG_WIDTH[s.size]; break;
    case 'fixed': n = s.length; break;
    case 'union': { const ms = variantsAt(s.variants, v).map((x) => (x.fields ? fieldsMin(x.fields) : 0)); n = TAG_WIDTH[s.size] + (ms.length ? Math.min(...ms) : 0); break; }
    case 'lazy': n = minSize(s.get(), v, seen); break;
    case 'custom': n = minSize(s.base, v, seen); break;
    case 'versioned': n = minSize(generationAt(s, v).schema, v, seen); break;
    default: n = 0;
  }
  seen.delete(s);
  if (seen.size === 0) minCache.set(s, v, n); // inside a t.lazy cycle the value is partial
  return n;
}
