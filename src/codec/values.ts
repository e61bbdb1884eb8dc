// Value-level rules shared by the interpreter and the compiled codecs: zero values, defaults,
// lossless widening / range-checked narrowing between stored types, and user hooks.

import { SavepackError } from '../errors.ts';
import { RecordArray } from '../records/record-array.ts';
import type { FieldDef, Schema, WasEntry } from '../schema/types.ts';
import { numberProblem, toBig } from '../kinds/checks.ts';
import { setOwn } from '../records/access.ts';
import { NUMBER, type TypedKind } from '../kinds/table.ts';
import { valueProblem } from '../layout/value-check.ts';
import { quickFit } from '../layout/quick-fit.ts';
import { describeSchema } from '../schema/diff.ts';
import { newestOf } from '../schema/generations.ts';

/**
 * The zero value of a schema (API.md section 1's list). Fields of a zero struct (or union
 * variant) take their defaults; default functions receive `source`, the version being loaded.
 */
export function zeroValue(s: Schema, depth = 0, source = Number.MAX_SAFE_INTEGER): unknown {
  if (depth > 64) throw new SavepackError('INVALID_SCHEMA', 'no finite zero value: the type contains itself directly');
  switch (s.kind) {
    case 'bool': return false;
    case 'u64': case 'i64': case 'uvarint64': case 'varint64': return 0n;
    case 'string': return '';
    case 'bytes': return new Uint8Array(0);
    case 'fixed': return new Uint8Array(s.length);
    case 'unit': case 'canary': case 'option': return undefined;
    case 'array': return Array.from({ length: s.length }, () => zeroValue(s.item, depth + 1, source));
    case 'vec': return [];
    case 'tuple': return s.items.map((x: Schema) => zeroValue(x, depth + 1, source));
    case 'map': return new Map();
    case 'typed': return new NUMBER[s.element as TypedKind].typed(0);
    case 'records': return new RecordArray(s.struct, 0);
    case 'lazy': return zeroValue(s.get(), depth + 1, source);
    case 'custom': return s.decode(zeroValue(s.base, depth + 1, source));
    case 'versioned': return zeroValue(newestOf(s), depth + 1, source);
    case 'enum': return current(s.variants).name;
    case 'struct': {
      const o: Record<string, unknown> = {};
      for (const f of s.fields) if (!f.removed) setOwn(o, f.name, f.hasDefault ? defaultOf(f, source) : zeroValue(f.schema, depth + 1, source));
      return o;
    }
    case 'union': {
      const v = current(s.variants);
      const o: Record<string, unknown> = { [s.tag]: v.name };
      for (const f of v.fields ?? []) if (!f.removed) setOwn(o, f.name, f.hasDefault ? defaultOf(f, source) : zeroValue(f.schema, depth + 1, source));
      return o;
    }
    default: return 0;
  }
}

/** The first variant that still exists (no `until`): a retired one could not be saved again. */
function current<V extends { until: number }>(variants: readonly V[]): V {
  return variants.find((v) => v.until === Infinity) ?? variants[0]!;
}

/** The value of field `f` when loading version `source` that lacks it: its default, or the zero value. */
export function defaultOf(f: FieldDef, source: number): unknown {
  if (!f.hasDefault) return zeroValue(f.schema, 0, source);
  if (typeof f.default === 'function') {
    let x: unknown;
    try {
      x = (f.default as (v: number) => unknown)(source);
    } catch (e) {
      throw new SavepackError('MIGRATION_FAILED', `default function of field '${f.name}' threw: ${String((e as Error)?.message ?? e)}`, '', { cause: e });
    }
    return fits(f, x, 'default');
  }
  return cloneValue(f.schema, f.default);
}

const put = (o: Record<string, unknown>, k: string, v: unknown) => {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
};

/**
 * A deep copy of `x` as a value of schema `s`, so that a default given as an object (array, Map,
 * struct, RecordArray, ...) is never shared between decoded values. Custom types are not copied.
 */
function cloneValue(s: Schema, x: unknown): unknown {
  if (typeof x !== 'object' || x === null) return x;
  switch (s.kind) {
    case 'bytes': case 'fixed': case 'typed': return ArrayBuffer.isView(x) ? (x as Uint8Array).slice() : x;
    case 'records': return x instanceof RecordArray ? RecordArray.fromBytes(x.schema, x.bytes.slice()) : x;
    case 'array': case 'vec': return Array.isArray(x) ? x.map((y) => cloneValue(s.item, y)) : x;
    case 'tuple': return Array.isArray(x) ? x.map((y, i) => (i < s.items.length ? cloneValue(s.items[i], y) : y)) : x;
    case 'option': return cloneValue(s.item, x);
    case 'lazy': return cloneValue(s.get(), x);
    case 'versioned': return cloneValue(newestOf(s), x);
    case 'map': return x instanceof Map ? new Map([...x].map(([k, v]) => [cloneValue(s.key, k), cloneValue(s.value, v)])) : x;
    case 'struct': case 'union': {
      const src = x as Record<string, unknown>;
      const fields = s.kind === 'struct' ? s.fields : s.variants.find((v: { name: string }) => v.name === src[s.tag])?.fields ?? [];
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(src)) put(o, k, src[k]);
      for (const f of fields) if (!f.removed && Object.hasOwn(src, f.name)) put(o, f.name, cloneValue(f.schema, src[f.name]));
      return o;
    }
    default: return x;
  }
}

const isBig = (k: string) => k === 'u64' || k === 'i64' || k === 'uvarint64' || k === 'varint64';

/** Converts a value read as the `was` type into the field's current type (convert, or lossless widening). */
export function convertOld(f: FieldDef, w: WasEntry, old: unknown): unknown {
  if (w.convert) {
    let x: unknown;
    try {
      x = w.convert(old);
    } catch (e) {
      throw convertThrew(f, w, e);
    }
    return fits(f, x, 'convert');
  }
  const to = f.schema.kind;
  if (isBig(to) && typeof old === 'number') return BigInt(old);
  return old;
}

/** The MIGRATION_FAILED error for a `convert` of field `f` (stored as `w.type`) that threw `e`. */
function convertThrew(f: FieldDef, w: WasEntry, e: unknown): SavepackError {
  return new SavepackError('MIGRATION_FAILED', `convert of field '${f.name}' (stored as ${w.type.kind}) threw: ${String((e as Error)?.message ?? e)}`, '', { cause: e });
}

/**
 * convertOld for one (field, was) pair, made once per compiled decoder: the user's convert is
 * called from a site of its own, and its result passes a quick check made for the field's type
 * (layout/quick-fit.ts) before the full one; a value the quick check does not vouch for gets
 * exactly convertOld's check and error.
 */
export function oldConverter(f: FieldDef, w: WasEntry): (old: unknown) => unknown {
  const convert = w.convert;
  if (!convert) return (old) => convertOld(f, w, old);
  const ok = quickFit(f.schema);
  return (old) => {
    let x: unknown;
    try {
      x = convert(old);
    } catch (e) {
      throw convertThrew(f, w, e);
    }
    return ok(x) ? x : fits(f, x, 'convert');
  };
}

/**
 * Converts a current value back to the `was` type for writing an older version: `revert`, or a
 * range-checked narrowing when the change was a lossless widening; NOT_SUPPORTED when neither.
 */
export function revertNew(f: FieldDef, w: WasEntry, value: unknown): unknown {
  if (w.revert) {
    try {
      return w.revert(value);
    } catch (e) {
      if (e instanceof SavepackError) throw e;
      throw new SavepackError('MIGRATION_FAILED', `revert of field '${f.name}' threw: ${String((e as Error)?.message ?? e)}`, '', { cause: e });
    }
  }
  if (w.convert) {
    throw new SavepackError('NOT_SUPPORTED', `field '${f.name}' was stored as ${w.type.kind} up to version ${w.until} with a convert function but no revert: it cannot be written to that version`);
  }
  const from = f.schema.kind, to = w.type.kind;
  if (from === to) return value;
  if (isBig(from)) {
    const b = toBig(from, value);
    if (typeof b === 'string') return value; // the stored-type check below reports it
    if (isBig(to)) {
      const r = toBig(to, b);
      if (typeof r === 'string') throw new SavepackError('INVALID_VALUE', `${b} does not fit ${to}, the type of field '${f.name}' in that version`);
      return r;
    }
    const n = Number(b);
    const p = numberProblem(to, n);
    if (p || BigInt(n) !== b) throw new SavepackError('INVALID_VALUE', `${b} does not fit ${to}, the type of field '${f.name}' in that version`);
    return n;
  }
  if (typeof value === 'number' && to !== 'f64') {
    const p = numberProblem(to, value);
    // f32 is range-checked like the integers (a finite value must stay finite); within range it
    // rounds to single precision exactly as writing any f32 field does.
    const overflow = to === 'f32' && Number.isFinite(value) && !Number.isFinite(Math.fround(value));
    if (p || overflow) throw new SavepackError('INVALID_VALUE', `${value} does not fit ${to}, the type of field '${f.name}' in that version`);
  }
  return value;
}

/** Runs a field's onSave/onLoad hook, turning a throw into a SavepackError. */
export function runHook(f: FieldDef, hook: 'onSave' | 'onLoad', obj: Record<string, unknown>, version: number): void {
  try {
    f[hook]!(obj, version);
  } catch (e) {
    if (e instanceof SavepackError) throw e;
    const code = hook === 'onSave' ? 'NOT_SUPPORTED' : 'MIGRATION_FAILED';
    throw new SavepackError(code, `${hook} of field '${f.name}' threw for version ${version}: ${String((e as Error)?.message ?? e)}`, '', { cause: e });
  }
}

/**
 * `x`, produced by user code for field `f`, when it fits the field's schema as encode input would;
 * else MIGRATION_FAILED at `at` (relative to where the error is caught) plus the place inside `x`.
 */
function fits(f: FieldDef, x: unknown, what: 'default' | 'convert'): unknown {
  const p = valueProblem(f.schema, x);
  if (!p) return x;
  // Messages are built only on failure (this runs once per defaulted or converted value).
  const who = what === 'default' ? `the default function of field '${f.name}'` : `convert of field '${f.name}'`, at = what === 'default' ? `.${f.name}` : '';
  throw new SavepackError('MIGRATION_FAILED', `${who} gave a value that does not fit ${describeSchema(f.schema)}: ${p.problem}`, at + p.path || '');
}

/**
 * Runs the onLoad hooks of a struct just read into `o`, then checks every in-memory field a hook
 * replaced (or deleted) like encode input: MIGRATION_FAILED at the field. Fields no hook touched
 * are not walked again.
 */
export function runOnLoad(hooks: readonly FieldDef[], memory: readonly FieldDef[], o: Record<string, unknown>, version: number): void {
  const before = new Array<unknown>(memory.length);
  for (let i = 0; i < memory.length; i++) before[i] = o[memory[i]!.name];
  for (let j = 0; j < hooks.length; j++) runHook(hooks[j]!, 'onLoad', o, version);
  for (let i = 0; i < memory.length; i++) {
    const f = memory[i]!, x = o[f.name];
    if (x !== before[i] || !(f.name in o)) {
      const p = valueProblem(f.schema, x);
      if (p) throw new SavepackError('MIGRATION_FAILED', `after the onLoad hooks (loading version ${version}), field '${f.name}' does not fit ${describeSchema(f.schema)}: ${p.problem}`, `.${f.name}${p.path}`);
    }
  }
}
