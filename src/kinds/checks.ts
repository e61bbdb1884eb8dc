// Value checks for encode: one place that says what each primitive accepts. The interpreter calls
// these; the compiler inlines the same expressions (CHECK_EXPR) for speed. Ranges come from table.ts.

import { INT_RANGE } from './table.ts';

/**
 * Finite numbers from this magnitude on (2^128 - 2^103, half way between the largest f32 and
 * 2^128) round to an infinite f32: encode refuses them rather than store Infinity.
 */
export const F32_LIMIT = 2 ** 128 - 2 ** 103;

/** Expression (over `x`) that is true when `x` is a valid in-memory value of the number kind. */
export const CHECK_EXPR: Record<string, (x: string) => string> = {
  u8: (x) => `(${x} & 0xff) === ${x}`,
  i8: (x) => `(${x} << 24 >> 24) === ${x}`,
  u16: (x) => `(${x} & 0xffff) === ${x}`,
  i16: (x) => `(${x} << 16 >> 16) === ${x}`,
  u32: (x) => `(${x} >>> 0) === ${x}`,
  i32: (x) => `(${x} | 0) === ${x}`,
  f32: (x) => `typeof ${x} === "number" && !(${x} >= ${F32_LIMIT} || ${x} <= -${F32_LIMIT}) || ${x} === Infinity || ${x} === -Infinity`,
  f64: (x) => `typeof ${x} === "number"`,
  bool: (x) => `(${x} === true || ${x} === false)`,
};


/** Why `x` is not a valid value of number kind `kind` (fixed-width, or `uvarint`/`varint`), or undefined when it is. */
export function numberProblem(kind: string, x: unknown): string | undefined {
  if (typeof x !== 'number') return `expected a number (${kind}), got ${typeName(x)}`;
  if (kind === 'f64') return undefined;
  if (kind === 'f32') return (x >= F32_LIMIT || x <= -F32_LIMIT) && Math.abs(x) !== Infinity ? `${x} is out of range for f32 (it would be stored as Infinity)` : undefined;
  if (Number.isNaN(x)) return `NaN is not a valid ${kind}`;
  if (!Number.isInteger(x)) return `${x} is not an integer (${kind})`;
  const { min: lo, max: hi } = INT_RANGE[kind]!;
  if (x < lo || x > hi) return `${x} is out of range for ${kind} (${lo}..${hi})`;
  return undefined;
}

/** Converts a u64/i64/uvarint64/varint64 value (bigint, or safe-integer number) to bigint, or returns a problem string. */
export function toBig(kind: string, x: unknown): bigint | string {
  let b: bigint;
  if (typeof x === 'bigint') b = x;
  else if (typeof x === 'number' && Number.isSafeInteger(x)) b = BigInt(x);
  else return `expected a bigint or safe integer (${kind}), got ${typeof x === 'number' ? String(x) : typeName(x)}`;
  const { min: lo, max: hi } = INT_RANGE[kind]!;
  if (b < lo || b > hi) return `${b} is out of range for ${kind}`;
  return b;
}

/** A short description of a value's type for error messages. */
export function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return (x as object).constructor?.name ? `a ${(x as object).constructor.name}` : 'an object';
  if (typeof x === 'string') return `a string`;
  return typeof x === 'undefined' ? 'undefined' : `${typeof x} ${String(x)}`;
}
