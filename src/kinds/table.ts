// Every per-kind fact in one table: widths, DataView accessors, integer ranges, typed-array
// classes, discriminant sizes, on-disk codes, fixed and minimum encoded sizes. Every other module
// reads these facts from here instead of keeping a table of its own.

/** Element kinds of `t.typed`, and the numeric kinds a packed record can hold. */
export type TypedKind = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64' | 'f32' | 'f64';
/** Kinds of number schemas whose in-memory value is a `number`. */
export type NumberKind = 'u8' | 'u16' | 'u32' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64';
/** Kinds of integer schemas whose in-memory value is a `bigint`. */
export type BigKind = 'u64' | 'i64';
/** Kinds of compact (LEB128) integer schemas whose in-memory value is a `number`. */
export type VarKind = 'uvarint' | 'varint';
/** Kinds of compact (LEB128) integer schemas whose in-memory value is a `bigint`. */
export type VarBigKind = 'uvarint64' | 'varint64';
/** Discriminant width of an enum or union on disk. */
export type TagSize = 'u8' | 'u16' | 'u32';

/** Facts of one fixed-width number kind. */
export interface NumberFacts {
  /** Bytes on disk (and in a packed record). */
  readonly width: 1 | 2 | 4 | 8;
  /** DataView method suffix: `get${dv}` / `set${dv}`. */
  readonly dv: 'Uint8' | 'Int8' | 'Uint16' | 'Int16' | 'Uint32' | 'Int32' | 'BigUint64' | 'BigInt64' | 'Float32' | 'Float64';
  /** In memory a bigint (u64, i64) rather than a number. */
  readonly big: boolean;
  /** An integer kind. */
  readonly int: boolean;
  /** Smallest and largest value (integers only). */
  readonly min: number | bigint;
  readonly max: number | bigint;
  /** The typed-array class holding this kind. */
  readonly typed: TypedArrayClass;
  /** Reads one little-endian value at `p`. */
  readonly get: (d: DataView, p: number) => any;
  /** Writes one little-endian value at `p`. */
  readonly set: (d: DataView, p: number, x: any) => void;
}

/** A typed-array constructor (`Uint8Array`, ..., `BigInt64Array`). */
export type TypedArrayClass = {
  new (n: number): ArrayBufferView & { length: number };
  new (b: ArrayBufferLike, offset?: number, length?: number): ArrayBufferView & { length: number };
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
};

/** The fixed-width number kinds. */
export const NUMBER: Readonly<Record<TypedKind, NumberFacts>> = {
  u8: { width: 1, dv: 'Uint8', big: false, int: true, min: 0, max: 0xff, typed: Uint8Array, get: (d, p) => d.getUint8(p), set: (d, p, x) => d.setUint8(p, x) },
  i8: { width: 1, dv: 'Int8', big: false, int: true, min: -0x80, max: 0x7f, typed: Int8Array, get: (d, p) => d.getInt8(p), set: (d, p, x) => d.setInt8(p, x) },
  u16: { width: 2, dv: 'Uint16', big: false, int: true, min: 0, max: 0xffff, typed: Uint16Array, get: (d, p) => d.getUint16(p, true), set: (d, p, x) => d.setUint16(p, x, true) },
  i16: { width: 2, dv: 'Int16', big: false, int: true, min: -0x8000, max: 0x7fff, typed: Int16Array, get: (d, p) => d.getInt16(p, true), set: (d, p, x) => d.setInt16(p, x, true) },
  u32: { width: 4, dv: 'Uint32', big: false, int: true, min: 0, max: 0xffffffff, typed: Uint32Array, get: (d, p) => d.getUint32(p, true), set: (d, p, x) => d.setUint32(p, x, true) },
  i32: { width: 4, dv: 'Int32', big: false, int: true, min: -0x80000000, max: 0x7fffffff, typed: Int32Array, get: (d, p) => d.getInt32(p, true), set: (d, p, x) => d.setInt32(p, x, true) },
  u64: { width: 8, dv: 'BigUint64', big: true, int: true, min: 0n, max: 0xffffffffffffffffn, typed: BigUint64Array, get: (d, p) => d.getBigUint64(p, true), set: (d, p, x) => d.setBigUint64(p, x, true) },
  i64: { width: 8, dv: 'BigInt64', big: true, int: true, min: -0x8000000000000000n, max: 0x7fffffffffffffffn, typed: BigInt64Array, get: (d, p) => d.getBigInt64(p, true), set: (d, p, x) => d.setBigInt64(p, x, true) },
  f32: { width: 4, dv: 'Float32', big: false, int: false, min: -Infinity, max: Infinity, typed: Float32Array, get: (d, p) => d.getFloat32(p, true), set: (d, p, x) => d.setFloat32(p, x, true) },
  f64: { width: 8, dv: 'Float64', big: false, int: false, min: -Infinity, max: Infinity, typed: Float64Array, get: (d, p) => d.getFloat64(p, true), set: (d, p, x) => d.setFloat64(p, x, true) },
} as Readonly<Record<TypedKind, NumberFacts>>;

/** Facts of the number kind `kind`, or undefined when `kind` is not a fixed-width number. */
export function numberFacts(kind: string): NumberFacts | undefined {
  return Object.hasOwn(NUMBER, kind) ? NUMBER[kind as TypedKind] : undefined;
}

/** Facts of one compact integer kind (LEB128; zigzag for the signed ones). */
export interface VarFacts {
  /** In memory a bigint (uvarint64, varint64) rather than a number. */
  readonly big: boolean;
  /** Zigzag-mapped (signed) rather than plain unsigned. */
  readonly signed: boolean;
  /** Most bytes one value takes on disk. */
  readonly maxBytes: number;
  /** Smallest and largest value. */
  readonly min: number | bigint;
  readonly max: number | bigint;
}

/** The compact integer kinds (API.md section 9). */
export const VARINT: Readonly<Record<VarKind | VarBigKind, VarFacts>> = {
  uvarint: { big: false, signed: false, maxBytes: 8, min: 0, max: Number.MAX_SAFE_INTEGER },
  varint: { big: false, signed: true, maxBytes: 8, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  uvarint64: { big: true, signed: false, maxBytes: 10, min: 0n, max: 0xffffffffffffffffn },
  varint64: { big: true, signed: true, maxBytes: 10, min: -0x8000000000000000n, max: 0x7fffffffffffffffn },
};

/** The compact integer kinds, in the order of their schema-section tags. */
export const VARINT_KINDS: readonly (VarKind | VarBigKind)[] = ['uvarint', 'varint', 'uvarint64', 'varint64'];

/** Smallest and largest value of every integer kind, fixed-width and compact. */
export const INT_RANGE: Readonly<Record<string, { readonly min: number | bigint; readonly max: number | bigint }>> = {
  ...Object.fromEntries((Object.keys(NUMBER) as TypedKind[]).filter((k) => NUMBER[k].int).map((k) => [k, NUMBER[k]])),
  ...VARINT,
};

/**
 * Kinds each kind widens to losslessly (every value converts exactly: `was` needs no `convert`):
 * the number kinds among themselves, and the fixed-width integers to the compact ones of the
 * same signedness (and a compact integer to its 64-bit twin).
 */
export const WIDENS_TO: Readonly<Record<string, readonly string[]>> = {
  u8: ['u16', 'u32', 'u64', 'i16', 'i32', 'i64', 'f32', 'f64', 'uvarint', 'uvarint64'],
  i8: ['i16', 'i32', 'i64', 'f32', 'f64', 'varint', 'varint64'],
  u16: ['u32', 'u64', 'i32', 'i64', 'f32', 'f64', 'uvarint', 'uvarint64'],
  i16: ['i32', 'i64', 'f32', 'f64', 'varint', 'varint64'],
  u32: ['u64', 'i64', 'f64', 'uvarint', 'uvarint64'],
  i32: ['i64', 'f64', 'varint', 'varint64'],
  u64: ['uvarint64'],
  i64: ['varint64'],
  uvarint: ['uvarint64'],
  varint: ['varint64'],
  f32: ['f64'],
};

/** `t.typed` element kinds in the order of their on-disk code (the schema section stores the index). */
export const TYPED_KINDS: readonly TypedKind[] = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'f32', 'f64'];

/** Discriminant sizes in the order of their on-disk code (the schema section stores the index). */
export const TAG_SIZES: readonly TagSize[] = ['u8', 'u16', 'u32'];
/** Bytes of an enum/union discriminant of each size. */
export const TAG_WIDTH: Readonly<Record<TagSize, 1 | 2 | 4>> = {
  u8: NUMBER.u8.width as 1, u16: NUMBER.u16.width as 2, u32: NUMBER.u32.width as 4,
};
/** Largest discriminant of each size. */
export const TAG_MAX: Readonly<Record<TagSize, number>> = {
  u8: NUMBER.u8.max as number, u16: NUMBER.u16.max as number, u32: NUMBER.u32.max as number,
};
/** Largest unsigned value of 1, 2 and 4 bytes (per-record checks read bools and discriminants unsigned). */
export const UINT_MAX: Readonly<Record<1 | 2 | 4, number>> = { 1: TAG_MAX.u8, 2: TAG_MAX.u16, 4: TAG_MAX.u32 };

/** Largest `n` of `t.fixed(n)`. */
export const FIXED_MAX = 0x7fffffff;

/** The fixed value a `t.canary` writes (bytes 'S' 'P' 'C' 'Y'). */
export const CANARY = 0x59435053;

/** Encoded size of the kinds whose size never varies (numbers, bool, unit, canary). */
export const FIXED_SIZE: Readonly<Record<string, number>> = {
  bool: 1, unit: 0, canary: 4, ...Object.fromEntries(TYPED_KINDS.map((k) => [k, NUMBER[k].width])),
};

/** Fewest bytes of the kinds whose minimum does not depend on their parts (a length prefix or flag byte for the variable ones). */
export const MIN_SIZE: Readonly<Record<string, number>> = {
  ...FIXED_SIZE, string: 1, bytes: 1, vec: 1, map: 1, typed: 1, records: 1, option: 1,
  uvarint: 1, varint: 1, uvarint64: 1, varint64: 1,
};

/** Tag byte of each schema kind in the schema section (FORMAT.md, "Schema section"). */
export const SCHEMA_TAG = {
  bool: 0x01, u8: 0x02, u16: 0x03, u32: 0x04, u64: 0x05, i8: 0x06, i16: 0x07, i32: 0x08, i64: 0x09,
  f32: 0x0a, f64: 0x0b, string: 0x0c, bytes: 0x0d, unit: 0x0e, canary: 0x0f,
  array: 0x10, vec: 0x11, option: 0x12, tuple: 0x13, map: 0x14, struct: 0x15, enum: 0x16, union: 0x17,
  typed: 0x18, records: 0x19, ref: 0x1a, custom: 0x1b,
  uvarint: 0x1c, varint: 0x1d, uvarint64: 0x1e, varint64: 0x1f, fixed: 0x20,
} as const;

/** Kinds with no parts in the order of their schema-section tags 0x01.. (tag = index + 1). */
export const PRIMITIVE_TAGS: readonly string[] = (Object.keys(SCHEMA_TAG) as (keyof typeof SCHEMA_TAG)[])
  .filter((k) => SCHEMA_TAG[k] < SCHEMA_TAG.array)
  .sort((a, b) => SCHEMA_TAG[a] - SCHEMA_TAG[b]);

/** Kinds without parts: the same kind on both sides is the same stored type. */
export const LEAF_KINDS: ReadonlySet<string> = new Set([...PRIMITIVE_TAGS, ...VARINT_KINDS]);

/** Kinds that contain no other schema (the leaves, plus `typed`, `enum` and `fixed` whose parts are not schemas). */
export const PARTLESS_KINDS: ReadonlySet<string> = new Set([...LEAF_KINDS, 'typed', 'enum', 'fixed']);

/** Kinds whose zero value is a primitive (never a fresh object, never a user default). */
export const PRIMITIVE_ZERO_KINDS: ReadonlySet<string> = new Set([...LEAF_KINDS].filter((k) => k !== 'bytes').concat(['option', 'enum']));
