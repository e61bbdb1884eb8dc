// valueProblem(schema, x): does an in-memory value fit a schema, as encode would accept it? Used
// where user code produced a value that savepack returns without encoding it (onLoad hooks,
// `convert`, defaults): those are checked like encode input. It writes nothing and calls no user
// code (a custom type's value is taken as it is: only its encode could judge it).

import { INT_RANGE, NUMBER, type TypedKind } from '../kinds/table.ts';
import { numberProblem, toBig, typeName } from '../kinds/checks.ts';
import type { FieldDef, Schema } from '../schema/types.ts';
import { newestOf } from '../schema/generations.ts';

/** Where in the value (relative: `.x`, `[3]`) and what does not fit. */
export interface ValueProblem { readonly path: string; readonly problem: string }

/** How deep a checked value may nest before the check reports it (a cycle, or a hostile value). */
const MAX_DEPTH = 256;

const no = (path: string, problem: string): ValueProblem => ({ path, problem });
const under = (seg: string, p: ValueProblem): ValueProblem => ({ path: seg + p.path, problem: p.problem });

/** True when every item of `x` is an integer within the range of fixed-width integer kind `kind` (false: look closer). */
function intsFit(kind: string, x: unknown[]): boolean {
  const r = INT_RANGE[kind];
  if (!r || typeof r.min !== 'number') return false; // not an integer kind held as a number
  const lo = r.min as number, hi = r.max as number;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== 'number' || !(v >= lo && v <= hi) || Math.floor(v) !== v) return false;
  }
  return true;
}

/** Why `x` does not fit schema `s` (the first problem, with its relative path), or undefined when it does. */
export function valueProblem(s: Schema, x: unknown, depth = 0): ValueProblem | undefined {
  const path = ''; // built on the way back up, only for a value that does not fit (no string per item)
  if (depth > MAX_DEPTH) return no(path, `nests deeper than ${MAX_DEPTH} levels (a cycle?)`);
  switch (s.kind) {
    case 'bool': return x === true || x === false ? undefined : no(path, `expected a boolean, got ${typeName(x)}`);
    case 'u8': case 'i8': case 'u16': case 'i16': case 'u32': case 'i32': case 'f32': case 'f64': case 'uvarint': case 'varint': {
      const p = numberProblem(s.kind, x);
      return p ? no(path, p) : undefined;
    }
    case 'u64': case 'i64': case 'uvarint64': case 'varint64': {
      const b = toBig(s.kind, x);
      return typeof b === 'string' ? no(path, b) : undefined;
    }
    case 'string': return typeof x === 'string' ? undefined : no(path, `expected a string, got ${typeName(x)}`);
    case 'bytes': return x instanceof Uint8Array ? undefined : no(path, `expected a Uint8Array, got ${typeName(x)}`);
    case 'fixed':
      return x instanceof Uint8Array && x.length === s.length ? undefined : no(path, `expected a Uint8Array of ${s.length} bytes, got ${x instanceof Uint8Array ? `${x.length} bytes` : typeName(x)}`);
    case 'unit': case 'canary': case 'custom': return undefined;
    case 'option': return x === undefined || x === null ? undefined : valueProblem(s.item, x, depth + 1);
    case 'array': case 'vec': {
      if (!Array.isArray(x)) return no(path, `expected an array, got ${typeName(x)}`);
      if (s.kind === 'array' && x.length !== s.length) return no(path, `expected an array of length ${s.length}, got length ${x.length}`);
      if (intsFit(s.item.kind, x)) return undefined; // the common case: one tight loop, no call per item
      for (let i = 0; i < x.length; i++) { const p = valueProblem(s.item, x[i], depth + 1); if (p) return under(`[${i}]`, p); }
      return undefined;
    }
    case 'tuple': {
      if (!Array.isArray(x) || x.length !== s.items.length) return no(path, `expected a tuple of ${s.items.length} items, got ${Array.isArray(x) ? `length ${x.length}` : typeName(x)}`);
      for (let i = 0; i < x.length; i++) { const p = valueProblem(s.items[i], x[i], depth + 1); if (p) return under(`[${i}]`, p); }
      return undefined;
    }
    case 'map': {
      if (!(x instanceof Map)) return no(path, `expected a Map, got ${typeName(x)}`);
      for (const [k, v] of x) {
        const pk = valueProblem(s.key, k, depth + 1);
        if (pk) return under('{key}', pk);
        const pv = valueProblem(s.value, v, depth + 1);
        if (pv) return under('{value}', pv);
      }
      return undefined;
    }
    case 'typed': {
      const C = NUMBER[s.element as TypedKind].typed;
      return x instanceof C ? undefined : no(path, `expected a ${C.name}, got ${typeName(x)}`);
    }
    case 'records': {
      // A RecordArray (records layer, above this one) of exactly this struct.
      const ok = typeof x === 'object' && x !== null && (x as { schema?: unknown }).schema === s.struct && (x as { bytes?: unknown }).bytes instanceof Uint8Array;
      return ok ? undefined : no(path, `expected a RecordArray of ${s.struct.name}, got ${typeName(x)}`);
    }
    case 'lazy': return valueProblem(s.get(), x, depth + 1);
    case 'versioned': return valueProblem(newestOf(s), x, depth + 1);
    case 'enum':
      return typeof x === 'string' && s.variants.some((v: { name: string }) => v.name === x) ? undefined : no(path, `expected a variant of enum ${s.name}, got ${typeof x === 'string' ? JSON.stringify(x.slice(0, 40)) : typeName(x)}`);
    case 'struct': return fieldsProblem(s.fields, x, depth, `struct ${s.name}`);
    case 'union': {
      if (typeof x !== 'object' || x === null) return no(path, `expected a union ${s.name} object, got ${typeName(x)}`);
      const tag = (x as Record<string, unknown>)[s.tag];
      const v = s.variants.find((y: { name: string }) => y.name === tag);
      if (!v) return no(path, `expected ${s.tag} to name a variant of union ${s.name}, got ${typeof tag === 'string' ? JSON.stringify(tag.slice(0, 40)) : typeName(tag)}`);
      return v.fields ? fieldsProblem(v.fields, x, depth, `union ${s.name}`) : undefined;
    }
    default: return undefined;
  }
}

/** The first in-memory field of `fs` (not removed, not ignored) whose value in `x` does not fit. */
export function fieldsProblem(fs: readonly FieldDef[], x: unknown, depth: number, what: string): ValueProblem | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return no('', `expected a ${what} object, got ${typeName(x)}`);
  for (const f of fs) {
    if (f.removed || f.ignore) continue;
    const p = valueProblem(f.schema, (x as Record<string, unknown>)[f.name], depth + 1);
    if (p) return under(`.${f.name}`, p);
  }
  return undefined;
}
