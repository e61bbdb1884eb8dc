// The template record of a records conversion: the bytes a converted record takes where its
// source has nothing (the plan's fill ops). Loading, those are the in-memory fields the stored
// version lacks: their default (a constant, or a default function called once per load with the
// source version: it cannot see a record, so one value serves every record) or their type's zero
// value (a struct of zero values takes its fields' defaults, an enum its first variant). Saving,
// they are the t.removed fields of the older version: written as their zero value.

import { SavepackError } from '../errors.ts';
import { packedLayout } from '../layout/packed.ts';
import { valueProblem } from '../layout/value-check.ts';
import { NUMBER, type TypedKind } from '../kinds/table.ts';
import type { FieldDef, Schema, StructSchema } from '../schema/types.ts';
import { LATEST, storedAt, storedFields } from '../schema/versions.ts';
import { describeSchema } from '../schema/diff.ts';
import type { ConvertPlan } from './convert-plan.ts';

const statics = new WeakMap<ConvertPlan, Uint8Array>();

/** True when a plan's template calls a default function (it is built for each conversion). */
export function templateIsDynamic(plan: ConvertPlan): boolean {
  return plan.dir === 'load' && plan.ops.some((o) => o.k === 'fill') && hasDefaultFn(plan.struct, plan.version, new Set());
}

/** The template record of `plan` (`toSize` bytes): cached unless a default function must run. */
export function templateOf(plan: ConvertPlan): Uint8Array {
  const hit = statics.get(plan);
  if (hit) return hit;
  const bytes = new Uint8Array(plan.toSize);
  if (plan.ops.some((o) => o.k === 'fill')) {
    const view = new DataView(bytes.buffer);
    if (plan.dir === 'load') writeAt(view, 0, plan.struct, undefined, LATEST, plan.version);
    else writeAt(view, 0, plan.struct, undefined, plan.version, undefined);
  }
  if (!templateIsDynamic(plan)) statics.set(plan, bytes);
  return bytes;
}

function hasDefaultFn(s: Schema, source: number, seen: Set<Schema>): boolean {
  while (s.kind === 'lazy') s = s.get();
  if (s.kind === 'array') return hasDefaultFn(s.item, source, seen);
  if (s.kind !== 'struct' || seen.has(s)) return false;
  seen.add(s);
  return s.fields.some((f) => (!storedAt(f, source) && typeof f.default === 'function') || hasDefaultFn(f.schema, source, seen));
}

/** The value of in-memory field `f` when loading version `source`, which lacks it (undefined: the zero value). */
function defaultOf(f: FieldDef, source: number): unknown {
  if (!f.hasDefault) return undefined;
  if (typeof f.default !== 'function') return f.default;
  let x: unknown;
  try {
    x = (f.default as (v: number) => unknown)(source);
  } catch (e) {
    throw new SavepackError('MIGRATION_FAILED', `default function of field '${f.name}' threw: ${String((e as Error)?.message ?? e)}`, '', { cause: e });
  }
  const p = valueProblem(f.schema, x);
  if (p) throw new SavepackError('MIGRATION_FAILED', `the default function of field '${f.name}' gave a value that does not fit ${describeSchema(f.schema)}: ${p.problem}`, `.${f.name}${p.path}`);
  return x;
}

/**
 * Writes `x` (undefined: the zero value) as `s` laid out at version `v`, at `off`. With a
 * `source` version, struct fields that version lacks take their defaults when `x` gives none.
 */
function writeAt(view: DataView, off: number, s: Schema, x: unknown, v: number, source: number | undefined): void {
  while (s.kind === 'lazy') s = s.get();
  switch (s.kind) {
    case 'struct': {
      const o = (typeof x === 'object' && x !== null ? x : undefined) as Record<string, unknown> | undefined;
      let at = off;
      for (const { def, type } of storedFields((s as StructSchema).fields, v)) {
        let value = o?.[def.name];
        if (value === undefined && o === undefined && source !== undefined && !storedAt(def, source)) value = defaultOf(def, source);
        writeAt(view, at, type, value, v, o === undefined ? source : undefined);
        at += packedLayout(type, v).size!;
      }
      return;
    }
    case 'array': {
      const size = packedLayout(s.item, v).size!;
      for (let i = 0; i < s.length; i++) writeAt(view, off + i * size, s.item, Array.isArray(x) ? x[i] : undefined, v, Array.isArray(x) ? undefined : source);
      return;
    }
    case 'enum': {
      const d = (s.variants.find((e) => e.name === x) ?? s.variants.find((e) => e.until === Infinity) ?? s.variants[0])!.value;
      NUMBER[s.size].set(view, off, d);
      return;
    }
    case 'bool': view.setUint8(off, x === true ? 1 : 0); return;
    case 'unit': return;
    default: {
      const k = NUMBER[s.kind as TypedKind];
      if (k.big) k.set(view, off, typeof x === 'bigint' ? x : typeof x === 'number' ? BigInt(x) : 0n);
      else k.set(view, off, typeof x === 'number' ? x : 0);
    }
  }
}
