// Resolution of a value read by a newer file's embedded schema into a codec's newest schema
// (readNewer, API.md section 12), Avro-style: struct fields and union/enum variants matched by
// name, fields the codec lacks dropped, fields the file lacks defaulted, the lossless promotions
// of API.md section 1 applied. Types are checked pairwise first (checkPair), so an incompatible
// field fails even where the data holds none; an unknown variant fails only where it is used.

import { SavepackError } from '../errors.ts';
import { NUMBER } from '../kinds/table.ts';
import { RecordArray } from '../records/record-array.ts';
import { setOwn } from '../records/access.ts';
import { fieldPlan } from '../layout/plan.ts';
import { defaultInfo } from '../layout/cost.ts';
import { variantTables } from '../layout/variants.ts';
import { describeSchema } from '../schema/diff.ts';
import { printable } from '../schema/printable.ts';
import { newestOf } from '../schema/generations.ts';
import { isWidening } from '../schema/widening.ts';
import type { FieldDef, Schema, StructSchema, UnionSchema } from '../schema/types.ts';
import type { Reader } from '../wire/reader.ts';
import { chargedDefault } from './budget.ts';
import { pathText } from './clean-error.ts';

/** What resolving needs besides the two schemas: the codec's version, the file's, the reader to charge defaults to. */
export interface ResolveState { v: number; source: number; r: Reader; path: (string | number)[] }

const mismatch = (path: readonly (string | number)[], why: string): never => {
  throw new SavepackError('SCHEMA_MISMATCH', `a newer file (readNewer): ${why}`, pathText(path));
};

/** The stored side without t.lazy and custom wrappers (a file's custom type is read as its base). */
const bare = (s: Schema): Schema => {
  while (s.kind === 'lazy' || s.kind === 'custom') s = s.kind === 'lazy' ? s.get() : s.base;
  return s;
};
const lazyFree = (s: Schema): Schema => {
  // A codec's newest version stores a t.versioned as its newest generation: newer files resolve into that.
  while (s.kind === 'lazy' || s.kind === 'versioned') s = s.kind === 'lazy' ? s.get() : newestOf(s);
  return s;
};

/** The codec's fields stored at `v`, by name, with their in-memory definitions. */
function storedByName(fields: readonly FieldDef[], v: number): Map<string, FieldDef> {
  const m = new Map<string, FieldDef>();
  for (const st of fieldPlan(fields, v).stored) if (st.inMemory) m.set(st.def.name, st.def);
  return m;
}

/**
 * Checks that a value stored as `from` (the file's) can be read as `to` (the codec's, at `v`):
 * SCHEMA_MISMATCH with the path and both types when not. Pairs already being checked are skipped (recursion).
 */
export function checkPair(from: Schema, to: Schema, v: number, path: (string | number)[], seen = new Set<string>(), ids = new Map<Schema, number>()): void {
  const f = bare(from);
  let t = lazyFree(to);
  while (t.kind === 'custom') t = lazyFree(t.base);
  const id = (s: Schema) => { let n = ids.get(s); if (n === undefined) ids.set(s, (n = ids.size)); return n; };
  const key = `${id(f)}:${id(t)}`;
  if (seen.has(key)) return;
  seen.add(key);
  const bad = () => mismatch(path, `the file stores ${describeSchema(f)}, this codec reads ${describeSchema(t)} (not a lossless promotion)`);
  if (f.kind !== t.kind) { if (!isWidening(f, t)) bad(); return; }
  const sub = (a: Schema, b: Schema, step: string | number) => { path.push(step); checkPair(a, b, v, path, seen, ids); path.pop(); };
  switch (f.kind) {
    case 'fixed': if (f.length !== (t as typeof f).length) bad(); return;
    case 'array': if (f.length !== (t as typeof f).length) bad(); sub(f.item, (t as typeof f).item, 0); return;
    case 'vec': case 'option': sub(f.item, (t as typeof f).item, 0); return;
    case 'tuple': {
      const ti = (t as typeof f).items as readonly Schema[], fi = f.items as readonly Schema[];
      if (fi.length !== ti.length) bad();
      fi.forEach((x, i) => sub(x, ti[i]!, i));
      return;
    }
    case 'map': sub(f.key, (t as typeof f).key, '{key}'); sub(f.value, (t as typeof f).value, '{value}'); return;
    case 'typed': if (f.element !== (t as typeof f).element) bad(); return;
    case 'records': sub(f.struct, (t as typeof f).struct, 0); return;
    case 'struct': fieldsPair(f.fields, (t as StructSchema).fields, v, path, sub); return;
    case 'union': {
      const tv = new Map((t as UnionSchema).variants.map((x) => [x.name, x]));
      for (const x of f.variants) {
        const y = tv.get(x.name);
        if (!y) continue; // unknown variants fail where they are used
        if (!x.fields !== !y.fields) mismatch([...path, x.name], `variant ${printable(x.name)} is a ${x.fields ? 'struct' : 'unit'} variant in the file, a ${y.fields ? 'struct' : 'unit'} variant in this codec`);
        if (x.fields && y.fields) { path.push(`?${x.name}`); fieldsPair(x.fields, y.fields, v, path, sub); path.pop(); }
      }
      return;
    }
    default: return; // same leaf kind, enum (variants by name, checked where used)
  }
}

function fieldsPair(from: readonly FieldDef[], to: readonly FieldDef[], v: number, path: (string | number)[], sub: (a: Schema, b: Schema, step: string) => void): void {
  const mine = storedByName(to, v);
  for (const f of from) {
    const g = mine.get(f.name);
    if (g) sub(f.schema, g.schema, f.name);
  }
}

/** Resolves `x`, read as the file's `from`, into the codec's `to` (checked compatible by checkPair). */
export function resolveValue(x: unknown, from: Schema, to: Schema, st: ResolveState): unknown {
  const f = bare(from);
  const t = lazyFree(to);
  if (t.kind === 'custom') {
    const base = resolveValue(x, f, t.base, st);
    try { return t.decode(base); } catch (e) {
      if (e instanceof SavepackError) throw e;
      throw new SavepackError('INVALID_DATA', `custom type ${t.name} decode threw: ${String((e as Error)?.message ?? e)}`, pathText(st.path), { cause: e });
    }
  }
  const sub = (y: unknown, a: Schema, b: Schema, step: string | number) => { st.path.push(step); const out = resolveValue(y, a, b, st); st.path.pop(); return out; };
  switch (t.kind) {
    case 'u64': case 'i64': case 'uvarint64': case 'varint64': return typeof x === 'number' ? BigInt(x) : x;
    case 'array': case 'vec': {
      const fi = (f as typeof t).item, a = x as unknown[];
      return a.map((y, i) => sub(y, fi, t.item, i));
    }
    case 'option': return x === undefined ? undefined : resolveValue(x, (f as typeof t).item, t.item, st);
    case 'tuple': {
      const fi = (f as typeof t).items as readonly Schema[], ti = t.items as readonly Schema[];
      return (x as unknown[]).map((y, i) => sub(y, fi[i]!, ti[i]!, i));
    }
    case 'map': {
      const fm = f as typeof t, out = new Map();
      for (const [k, y] of x as Map<unknown, unknown>) out.set(resolveValue(k, fm.key, t.key, st), sub(y, fm.value, t.value, `[${typeof k === 'string' ? JSON.stringify(k) : String(k)}]`));
      return out;
    }
    case 'records': {
      const ra = x as RecordArray, fs = (f as typeof t).struct;
      if (sameRecord(fs, t.struct, st.v)) return RecordArray.fromBytes(t.struct, ra.bytes);
      return RecordArray.from(t.struct, ra.toArray().map((y, i) => sub(y, fs, t.struct, i)) as never[]);
    }
    case 'struct': return fieldsValue(x as Record<string, unknown>, (f as StructSchema).fields, t.fields, st, undefined);
    case 'enum': {
      if (!variantTables(t, st.v).byName.has(x as string)) mismatch(st.path, `the file holds variant ${printable(String(x))} of enum ${printable(t.name)}, which this codec (version ${st.v}) does not know`);
      return x;
    }
    case 'union': {
      const o = x as Record<string, unknown>, name = o.kind as string;
      const fv = (f as UnionSchema).variants.find((y) => y.name === name)!;
      const tables = variantTables(t, st.v);
      const d = tables.byName.get(name);
      if (d === undefined) mismatch(st.path, `the file holds variant ${printable(name)} of union ${printable(t.name)}, which this codec (version ${st.v}) does not know`);
      const tf = tables.fieldsOf.get(d!);
      if (!tf) return { [t.tag]: name };
      st.path.push(`?${name}`);
      const out = fieldsValue(o, fv.fields ?? [], tf, st, [t.tag, name]);
      st.path.pop();
      return out;
    }
    default: return x;
  }
}

/** A struct (or union variant) value: the codec's in-memory fields from same-named file fields, the rest defaulted. */
function fieldsValue(x: Record<string, unknown>, from: readonly FieldDef[], to: readonly FieldDef[], st: ResolveState, tag: [string, string] | undefined): Record<string, unknown> {
  const fileField = new Map(from.map((f) => [f.name, f]));
  const stored = storedByName(to, st.v);
  const o: Record<string, unknown> = {};
  if (tag) setOwn(o, tag[0], tag[1]);
  for (const f of fieldPlan(to, st.v).memory) {
    const ff = stored.has(f.name) ? fileField.get(f.name) : undefined;
    if (ff) {
      st.path.push(f.name);
      setOwn(o, f.name, resolveValue(x[f.name], ff.schema, f.schema, st));
      st.path.pop();
    } else {
      st.r.charge(defaultInfo(f).cost);
      setOwn(o, f.name, chargedDefault(st.r, f, st.source));
    }
  }
  return o;
}

/** True when records of the file's struct `a` have exactly the bytes of the codec's `b` (same fields, names and types, in order). */
function sameRecord(a: StructSchema, b: StructSchema, v: number): boolean {
  const bs = fieldPlan(b.fields, v).stored;
  if (a.fields.length !== bs.length) return false;
  return a.fields.every((f, i) => {
    const g = bs[i]!;
    const x = bare(f.schema), y = lazyFree(g.type);
    return f.name === g.def.name && g.inMemory && x.kind === y.kind && (x.kind === 'bool' || x.kind in NUMBER);
  });
}
