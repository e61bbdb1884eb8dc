// t.union and t.variant: tagged unions stored as a discriminant then the variant's fields.

import { SavepackError } from '../errors.ts';
import { checkDiscriminant, checkTagSize, variantRange } from './enum.ts';
import { normaliseFields } from './fields.ts';
import { checkTypeName } from './struct.ts';
import type { FieldsInput, TagSize, UnionSchema, UnionVariant, UnitSchema, VariantInput, VariantsInput, VariantWrapper } from '../schema/types.ts';

/** Options of t.union: the in-memory tag key (default 'kind'), tag width, explicit discriminants. */
export interface UnionOptions<Tag extends string> {
  /** The in-memory key naming the variant (default 'kind'); not stored in the file. */
  tag?: Tag;
  /** Width of the stored discriminant: 'u8' (default), 'u16' or 'u32'. */
  size?: TagSize;
  /** Discriminant per variant name; default: declaration order 0..n-1. */
  values?: Record<string, number>;
}

/** A union variant with a version range (`since` first version holding it, `until` last). */
/* @__NO_SIDE_EFFECTS__ */
export function variant<const F extends FieldsInput | UnitSchema>(fields: F, options: { since?: number; until?: number } = {}): VariantWrapper<F> {
  return { kind: 'variant', fields, options };
}

function isUnit(x: unknown): x is UnitSchema {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'unit';
}

/** A tagged union; in memory `{ [tag]: 'Variant', ...fields }` (tag key `kind` unless `opts.tag`). */
export function union<const V extends VariantsInput>(name: string, variants: V, opts?: UnionOptions<'kind'> & { tag?: undefined }): UnionSchema<'kind', V>;
export function union<const V extends VariantsInput, const Tag extends string>(name: string, variants: V, opts: UnionOptions<Tag> & { tag: Tag }): UnionSchema<Tag, V>;
/* @__NO_SIDE_EFFECTS__ */
export function union<const V extends VariantsInput, const Tag extends string = 'kind'>(
  name: string, variants: V, opts?: UnionOptions<Tag>,
): UnionSchema<Tag, V> {
  checkTypeName(name, 'union');
  const size = checkTagSize(opts?.size, name);
  const tag = (opts?.tag ?? 'kind') as Tag;
  if (typeof tag !== 'string' || tag === '') throw new SavepackError('INVALID_SCHEMA', 'tag must be a non-empty string', name);
  if (typeof variants !== 'object' || variants === null) throw new SavepackError('INVALID_SCHEMA', 'variants must be an object', name);
  const names = Object.keys(variants);
  if (names.length === 0) throw new SavepackError('INVALID_SCHEMA', 'a union needs at least one variant', name);
  const seen = new Map<number, string>();
  const out: UnionVariant[] = names.map((n, i) => {
    let input: VariantInput = variants[n]!;
    let range: { since?: number; until?: number } = {};
    if (typeof input === 'object' && input !== null && (input as { kind?: unknown }).kind === 'variant') {
      range = (input as VariantWrapper).options ?? {};
      input = (input as VariantWrapper).fields;
    }
    const value = checkDiscriminant(name, n, opts?.values?.[n] ?? i, size, seen);
    const [since, until] = variantRange(name, n, range.since, range.until);
    const fields = isUnit(input) ? null : normaliseFields(`${name}.${n}`, input as FieldsInput, tag);
    return { name: n, value, fields, since, until };
  });
  return { kind: 'union', name, tag, size, variants: out } as UnionSchema<Tag, V>;
}
