// t.struct, t.field, t.removed.

import { SavepackError } from '../errors.ts';
import { normaliseFields } from './fields.ts';
import { layout } from '../layout/packed.ts';
import type { FieldOptions, FieldsInput, FieldWrapper, Infer, RemovedWrapper, Schema, StructSchema } from '../schema/types.ts';

/** Checks a dotted type name (`game.Player`): non-empty segments of letters, digits, `_`, `$`, `-`. */
export function checkTypeName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/.test(name)) {
    throw new SavepackError('INVALID_SCHEMA', `${what} name must be a dotted identifier like 'game.Player', got ${JSON.stringify(name)}`);
  }
  return name;
}

/** A struct: named fields written in declared order. `opts.packed` requires the packed layout. */
/* @__NO_SIDE_EFFECTS__ */
export function struct<const F extends FieldsInput>(name: string, fields: F, opts?: { packed?: boolean }): StructSchema<F> {
  checkTypeName(name, 'struct');
  const s: StructSchema<F> = { kind: 'struct', name, fields: normaliseFields(name, fields), requirePacked: opts?.packed === true };
  if (s.requirePacked) {
    const l = layout(s);
    if (!l.packed) throw new SavepackError('INVALID_SCHEMA', `struct is not packed-eligible: ${l.reason}`, name);
  }
  return s;
}

/** A struct field with version metadata (since/until/default/was/ignore/onSave/onLoad). */
/* @__NO_SIDE_EFFECTS__ */
export function field<S extends Schema>(schema: S, options: FieldOptions<Infer<S>> = {}): FieldWrapper<S> {
  return { kind: 'field', schema, options };
}

/** A field that no longer exists in memory but is still read (and skipped) from the versions that had it. */
/* @__NO_SIDE_EFFECTS__ */
export function removed<S extends Schema>(schema: S, options: { since?: number; until: number }): RemovedWrapper<S> {
  return { kind: 'removed', schema, options };
}
