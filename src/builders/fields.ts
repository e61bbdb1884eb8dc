// Normalises a struct's (or union variant's) field map into FieldDef[], validating version
// metadata at definition time.

import { SavepackError } from '../errors.ts';
import type { FieldDef, FieldInput, FieldsInput, Schema, WasEntry } from '../schema/types.ts';
import { isWidening } from '../schema/widening.ts';
import { valueProblem } from '../layout/value-check.ts';
import { describeSchema } from '../schema/diff.ts';

function schemaError(owner: string, field: string, message: string): never {
  throw new SavepackError('INVALID_SCHEMA', message, field ? `${owner}.${field}` : owner);
}

/** Checks that `v` is a version number (integer >= 0, or Infinity where allowed). */
export function checkVersion(v: unknown, what: string, owner: string, field: string, allowInfinity = false): number {
  if (allowInfinity && v === Infinity) return v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    schemaError(owner, field, `${what} must be an integer version >= 0, got ${String(v)}`);
  }
  return v;
}

/** True when `x` is a schema object (has a string `kind` other than the wrappers'). */
export function isSchema(x: unknown): x is Schema {
  return typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string'
    && (x as { kind: string }).kind !== 'field' && (x as { kind: string }).kind !== 'removed'
    && (x as { kind: string }).kind !== 'variant';
}

function normaliseOne(owner: string, name: string, input: FieldInput): FieldDef {
  if (typeof input !== 'object' || input === null) schemaError(owner, name, 'field is not a schema');
  if (input.kind === 'removed') {
    const o = input.options ?? ({} as { since?: number; until: number });
    if (!isSchema(input.schema)) schemaError(owner, name, 't.removed needs a schema');
    const since = checkVersion(o.since ?? 0, 'since', owner, name);
    const until = checkVersion(o.until, 'until', owner, name);
    if (since > until) schemaError(owner, name, `since (${since}) is after until (${until})`);
    return { name, schema: input.schema, since, until, hasDefault: false, was: [], ignore: false, removed: true };
  }
  if (input.kind === 'field') {
    const o = input.options ?? {};
    if (!isSchema(input.schema)) schemaError(owner, name, 't.field needs a schema');
    const since = checkVersion(o.since ?? 0, 'since', owner, name);
    const until = checkVersion(o.until ?? Infinity, 'until', owner, name, true);
    if (since > until) schemaError(owner, name, `since (${since}) is after until (${until})`);
    const was: WasEntry[] = [];
    let prev = -1;
    if (o.was !== undefined && !Array.isArray(o.was)) schemaError(owner, name, 'was must be an array of { until, type?, name? } entries');
    for (const [i, w] of (o.was ?? []).entries()) {
      if (typeof w !== 'object' || w === null) schemaError(owner, name, `was[${i}] must be an object { until, type?, name? }`);
      if (w.type === undefined && w.name === undefined) schemaError(owner, name, `was[${i}] needs a type, a name or both`);
      if (w.type !== undefined && !isSchema(w.type)) schemaError(owner, name, `was[${i}].type is not a schema`);
      if (w.name !== undefined && (typeof w.name !== 'string' || !FIELD_NAME.test(w.name))) schemaError(owner, name, `was[${i}].name must be a field name, got ${JSON.stringify(String(w.name)).slice(0, 60)}`);
      const u = checkVersion(w.until, `was[${i}].until`, owner, name);
      if (u <= prev) schemaError(owner, name, `was entries must be ordered by until, strictly increasing (was[${i}].until = ${u} after ${prev})`);
      if (u < since) schemaError(owner, name, `was[${i}].until (${u}) is before the field exists (since ${since})`);
      if (u >= until) schemaError(owner, name, `was[${i}].until (${u}) must be before the field's until (${until})`);
      if (w.convert !== undefined && typeof w.convert !== 'function') schemaError(owner, name, `was[${i}].convert must be a function`);
      if (w.revert !== undefined && typeof w.revert !== 'function') schemaError(owner, name, `was[${i}].revert must be a function`);
      if (w.type === undefined && (w.convert !== undefined || w.revert !== undefined)) schemaError(owner, name, `was[${i}] has convert/revert but no type`);
      // convert (or the widening) goes straight from this stored type to the field's type.
      if (w.type !== undefined && !w.convert && !isWidening(w.type, input.schema)) {
        schemaError(owner, name, `was[${i}] changes the type from ${describeKind(w.type)} to ${describeKind(input.schema)}, which is not a lossless widening: give a convert function`);
      }
      prev = u;
      was.push({ until: u, type: w.type as Schema, name: w.name, convert: w.convert, revert: w.revert });
    }
    inheritWas(was, name, input.schema);
    for (const hook of ['onSave', 'onLoad'] as const) {
      if (o[hook] !== undefined && typeof o[hook] !== 'function') schemaError(owner, name, `${hook} must be a function`);
    }
    if (o.default !== undefined && typeof o.default !== 'function') checkDefault(owner, name, input.schema, o.default);
    return {
      name, schema: input.schema, since, until, default: o.default, hasDefault: 'default' in o && o.default !== undefined,
      was, ignore: o.ignore === true, removed: false, onSave: o.onSave, onLoad: o.onLoad,
    };
  }
  if (!isSchema(input)) schemaError(owner, name, 'field is not a schema');
  return { name, schema: input, since: 0, until: Infinity, hasDefault: false, was: [], ignore: false, removed: false };
}

/** A default given as a value must fit the field's schema (checked like encode input). */
function checkDefault(owner: string, name: string, schema: Schema, value: unknown): void {
  let p: ReturnType<typeof valueProblem>;
  try {
    p = valueProblem(schema, value);
  } catch (e) {
    if (e instanceof SavepackError) throw e;
    return; // a t.lazy not resolvable yet (its target is defined later): checked when loading
  }
  if (p) schemaError(owner, `${name}${p.path}`, `the default does not fit ${describeSchema(schema)}: ${p.problem}`);
}

/** A field name as a `was` entry may give it (as t.struct accepts: any non-empty string up to 1024 chars). */
const FIELD_NAME = /^[^]{1,1024}$/;

/**
 * Completes `was` entries (ordered by until) in place: an entry that gives only a name keeps the
 * type (and convert/revert) of the next later form, one that gives only a type keeps the next
 * later name; the newest form is the field itself. A name equal to today's is dropped.
 */
function inheritWas(was: WasEntry[], name: string, schema: Schema): void {
  let type: Schema = schema, convert: WasEntry['convert'], revert: WasEntry['revert'], stored = name;
  for (let i = was.length - 1; i >= 0; i--) {
    const w = was[i]!;
    if (w.type !== undefined) ({ type, convert, revert } = w);
    if (w.name !== undefined) stored = w.name;
    was[i] = { until: w.until, type, ...(stored !== name ? { name: stored } : {}), convert, revert };
  }
}

/** Two fields stored under one name at some version (renames included): INVALID_SCHEMA. */
function checkStoredNames(owner: string, fields: readonly FieldDef[]): void {
  if (!fields.some((f) => f.was.some((w) => w.name !== undefined))) return;
  const points = new Set<number>([0]);
  for (const f of fields) { points.add(f.since); if (f.until !== Infinity) points.add(f.until + 1); for (const w of f.was) points.add(w.until + 1); }
  for (const v of points) {
    const seen = new Map<string, string>();
    for (const f of fields) {
      if (f.ignore || v < f.since || v > f.until) continue;
      const stored = f.was.find((w) => v <= w.until)?.name ?? f.name;
      const other = seen.get(stored);
      if (other !== undefined) schemaError(owner, f.name, `stored as '${stored}' in version ${v}, a name field '${other}' also has then`);
      seen.set(stored, f.name);
    }
  }
}

function describeKind(s: Schema): string {
  return 'name' in s && typeof s.name === 'string' ? `${s.kind} ${s.name}` : s.kind;
}

/** Normalises and validates a field map; `owner` names the struct (or union variant) in errors. */
export function normaliseFields(owner: string, fields: FieldsInput, reserved?: string): FieldDef[] {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    schemaError(owner, '', 'fields must be an object of schemas');
  }
  const out: FieldDef[] = [];
  for (const name of Object.keys(fields)) {
    if (name === reserved) schemaError(owner, name, `field name clashes with the union tag '${reserved}'`);
    out.push(normaliseOne(owner, name, fields[name]!));
  }
  checkStoredNames(owner, out);
  return out;
}
