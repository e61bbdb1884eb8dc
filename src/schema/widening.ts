// Which stored-type changes are lossless widenings (allowed in `was` without `convert`).

import type { Schema } from './types.ts';

const WIDER: Record<string, readonly string[]> = {
  u8: ['u16', 'u32', 'u64', 'i16', 'i32', 'i64', 'f32', 'f64'],
  i8: ['i16', 'i32', 'i64', 'f32', 'f64'],
  u16: ['u32', 'u64', 'i32', 'i64', 'f32', 'f64'],
  i16: ['i32', 'i64', 'f32', 'f64'],
  u32: ['u64', 'i64', 'f64'],
  i32: ['i64', 'f64'],
  f32: ['f64'],
};

/** Kinds with no parts: the same kind on both sides is the same stored type. */
const LEAF = new Set(['bool', 'u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'f32', 'f64', 'string', 'bytes', 'unit', 'canary']);

/**
 * True when every value of stored type `from` converts exactly to `to` with no conversion code.
 * Containers (vec, option, map, typed, ...) never qualify, even of the same kind: their items
 * would keep the old type, so a change inside one needs a `convert`.
 */
export function isWidening(from: Schema, to: Schema): boolean {
  if (from === to || (from.kind === to.kind && LEAF.has(from.kind))) return true;
  return (WIDER[from.kind] ?? []).includes(to.kind);
}
