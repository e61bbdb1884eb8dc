// t.enum: a set of named variants stored as a fixed-width discriminant.

import { SavepackError } from '../errors.ts';
import { checkVersion } from './fields.ts';
import { checkTypeName } from './struct.ts';
import type { EnumSchema, EnumVariant, TagSize } from '../schema/types.ts';
import { TAG_MAX, TAG_SIZES } from '../kinds/table.ts';

/** Checks a tag size option. */
export function checkTagSize(size: unknown, owner: string): TagSize {
  if (size === undefined) return 'u8';
  if (!TAG_SIZES.includes(size as TagSize)) {
    throw new SavepackError('INVALID_SCHEMA', `size must be 'u8', 'u16' or 'u32', got ${JSON.stringify(size)}`, owner);
  }
  return size as TagSize;
}

/** Checks variant discriminants: integers in range, no reuse, names unique. */
export function checkDiscriminant(owner: string, name: string, value: unknown, size: TagSize, seen: Map<number, string>): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > TAG_MAX[size]) {
    throw new SavepackError('INVALID_SCHEMA', `discriminant ${String(value)} does not fit ${size}`, `${owner}.${name}`);
  }
  const other = seen.get(value);
  if (other !== undefined) {
    throw new SavepackError('INVALID_SCHEMA', `discriminant ${value} is used by both '${other}' and '${name}'`, `${owner}.${name}`);
  }
  seen.set(value, name);
  return value;
}

/** Reads a `{ since, until }` range for a variant. */
export function variantRange(owner: string, name: string, since: unknown, until: unknown): [number, number] {
  const s = checkVersion(since ?? 0, 'since', owner, name);
  const u = checkVersion(until ?? Infinity, 'until', owner, name, true);
  if (s > u) throw new SavepackError('INVALID_SCHEMA', `since (${s}) is after until (${u})`, `${owner}.${name}`);
  return [s, u];
}

/** Options of t.enum. */
export interface EnumOptions {
  /** Width of the stored discriminant: 'u8' (default), 'u16' or 'u32'. */
  size?: TagSize;
  /** First data version storing each named variant (default 0). */
  since?: Record<string, number>;
  /** Last data version storing each named variant (default: still stored). */
  until?: Record<string, number>;
}

/** An enum: `string[]` (discriminants 0..n-1) or `Record<name, discriminant>`; value is the variant name. */
/* @__NO_SIDE_EFFECTS__ */
export function enumOf<const V extends readonly string[] | Record<string, number>>(
  name: string, variants: V, opts?: EnumOptions,
): EnumSchema<V extends readonly string[] ? V[number] : keyof V & string> {
  checkTypeName(name, 'enum');
  const size = checkTagSize(opts?.size, name);
  const entries: [string, unknown][] = Array.isArray(variants)
    ? variants.map((n, i) => [n, i])
    : typeof variants === 'object' && variants !== null ? Object.entries(variants) : [];
  if (entries.length === 0) throw new SavepackError('INVALID_SCHEMA', 'an enum needs at least one variant', name);
  const seen = new Map<number, string>();
  const names = new Set<string>();
  const out: EnumVariant[] = [];
  for (const [n, v] of entries) {
    if (typeof n !== 'string' || n === '') throw new SavepackError('INVALID_SCHEMA', 'variant names must be non-empty strings', name);
    if (names.has(n)) throw new SavepackError('INVALID_SCHEMA', `duplicate variant name '${n}'`, `${name}.${n}`);
    names.add(n);
    const value = checkDiscriminant(name, n, v, size, seen);
    const [since, until] = variantRange(name, n, opts?.since?.[n], opts?.until?.[n]);
    out.push({ name: n, value, since, until });
  }
  for (const key of Object.keys(opts?.since ?? {}).concat(Object.keys(opts?.until ?? {}))) {
    if (!names.has(key)) throw new SavepackError('INVALID_SCHEMA', `since/until names an unknown variant '${key}'`, name);
  }
  return { kind: 'enum', name, size, variants: out } as EnumSchema<any>;
}
