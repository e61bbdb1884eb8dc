// The schema model: plain objects with a `kind` discriminant. Behaviour lives in functions over
// them (layout, projection, codecs), never in the objects. `~type` is a phantom property that exists
// only for the type checker (Infer); it is never set at run time.

import type { BigKind, NumberKind, TagSize, TypedKind, VarBigKind, VarKind } from '../kinds/table.ts';

export type { BigKind, NumberKind, TagSize, TypedKind, VarBigKind, VarKind } from '../kinds/table.ts';

/** Common shape of every schema: a `kind` and the phantom in-memory type. */
export interface SchemaBase<T> {
  readonly kind: string;
  /** Phantom: the in-memory value type (boxed, so `undefined` in it survives inference). Never present at run time. */
  readonly '~type'?: [T];
}

/** `t.bool`: one byte, 0 or 1. */
export interface BoolSchema extends SchemaBase<boolean> { readonly kind: 'bool' }
/** A fixed-width number kind whose in-memory value is a `number`. */
export interface NumberSchema<K extends NumberKind = NumberKind> extends SchemaBase<number> { readonly kind: K }
/** `t.u64` / `t.i64`: eight bytes, a `bigint` in memory. */
export interface BigIntSchema<K extends BigKind = BigKind> extends SchemaBase<bigint> { readonly kind: K }
/** `t.uvarint` / `t.varint`: a compact (LEB128, zigzag when signed) integer, a `number` in memory. */
export interface VarintSchema<K extends VarKind = VarKind> extends SchemaBase<number> { readonly kind: K }
/** `t.uvarint64` / `t.varint64`: a compact 64-bit integer, a `bigint` in memory. */
export interface VarBigSchema<K extends VarBigKind = VarBigKind> extends SchemaBase<bigint> { readonly kind: K }
/** `t.fixed(n)`: exactly `n` bytes, no length prefix (a `Uint8Array`). */
export interface FixedSchema extends SchemaBase<Uint8Array> { readonly kind: 'fixed'; readonly length: number }
/** `t.string`: a length-prefixed UTF-8 string. */
export interface StringSchema extends SchemaBase<string> { readonly kind: 'string' }
/** `t.bytes`: a length-prefixed byte string (`Uint8Array`). */
export interface BytesSchema extends SchemaBase<Uint8Array> { readonly kind: 'bytes' }
/** `t.unit`: zero bytes, `undefined` in memory. */
export interface UnitSchema extends SchemaBase<undefined> { readonly kind: 'unit' }
/** `t.canary`: a fixed 4-byte marker checked on load. */
export interface CanarySchema extends SchemaBase<undefined> { readonly kind: 'canary' }

/** `t.array(item, n)`: exactly `n` items, no length prefix. */
export interface ArraySchema<S extends Schema = Schema> extends SchemaBase<Infer<S>[]> {
  readonly kind: 'array'; readonly item: S; readonly length: number;
}
/** `t.vec(item)`: a length-prefixed list. */
export interface VecSchema<S extends Schema = Schema> extends SchemaBase<Infer<S>[]> {
  readonly kind: 'vec'; readonly item: S;
}
/** `t.option(item)`: a presence byte, then the item when present. */
export interface OptionSchema<S extends Schema = Schema> extends SchemaBase<Infer<S> | undefined> {
  readonly kind: 'option'; readonly item: S;
}
/** `t.tuple(...)`: items of fixed types in order. */
export interface TupleSchema<S extends readonly Schema[] = readonly Schema[]>
  extends SchemaBase<{ -readonly [I in keyof S]: Infer<S[I]> }> {
  readonly kind: 'tuple'; readonly items: S;
}
/** `t.map(key, value)`: a length-prefixed list of entries, a `Map` in memory. */
export interface MapSchema<K extends Schema = Schema, V extends Schema = Schema>
  extends SchemaBase<Map<Infer<K>, Infer<V>>> {
  readonly kind: 'map'; readonly key: K; readonly value: V;
}

/** In-memory typed array class for each element kind. */
export interface TypedArrayOf {
  u8: Uint8Array; i8: Int8Array; u16: Uint16Array; i16: Int16Array; u32: Uint32Array; i32: Int32Array;
  u64: BigUint64Array; i64: BigInt64Array; f32: Float32Array; f64: Float64Array;
}
/** `t.typed(kind)`: a length-prefixed, aligned run of numbers (a typed array). */
export interface TypedSchema<K extends TypedKind = TypedKind> extends SchemaBase<TypedArrayOf[K]> {
  readonly kind: 'typed'; readonly element: K;
}

/** Version metadata of one struct field (normalised form of `t.field` / `t.removed`). */
export interface FieldDef {
  readonly name: string;
  readonly schema: Schema;
  /** First data version holding the field (inclusive). */
  readonly since: number;
  /** Last data version holding the field (inclusive); Infinity = still present. */
  readonly until: number;
  readonly default?: unknown;
  readonly hasDefault: boolean;
  readonly was: readonly WasEntry[];
  readonly ignore: boolean;
  /** A field kept only to read (and skip) old versions; not in memory. */
  readonly removed: boolean;
  readonly onSave?: (value: Record<string, unknown>, targetVersion: number) => void;
  readonly onLoad?: (value: Record<string, unknown>, sourceVersion: number) => void;
}

/** One older stored form of a field: stored as `type` (under `name`, when renamed) in versions up to `until` (inclusive). */
export interface WasEntry {
  readonly until: number;
  readonly type: Schema;
  /** The name the field was stored under then, when it differs from today's. */
  readonly name?: string;
  readonly convert?: (old: any) => unknown;
  readonly revert?: (value: any) => unknown;
}

/** Options of `t.field`. */
export interface FieldOptions<V> {
  since?: number;
  until?: number;
  default?: V | ((sourceVersion: number) => V);
  /** Older stored forms: another `type`, another `name` (a rename), or both, up to `until`. */
  was?: Array<{ until: number; type?: Schema; name?: string; convert?: (old: any) => V; revert?: (v: V) => unknown }>;
  ignore?: boolean;
  onSave?: (value: Record<string, any>, targetVersion: number) => void;
  onLoad?: (value: Record<string, any>, sourceVersion: number) => void;
}

/** A schema wrapped with version metadata (`t.field`). */
export interface FieldWrapper<S extends Schema = Schema> {
  readonly kind: 'field';
  readonly schema: S;
  readonly options: FieldOptions<Infer<S>>;
}
/** A field that no longer exists in memory but is still read (and skipped) from old versions. */
export interface RemovedWrapper<S extends Schema = Schema> {
  readonly kind: 'removed';
  readonly schema: S;
  readonly options: { since?: number; until: number };
}

/** What a struct's field map may hold. */
export type FieldInput = Schema | FieldWrapper | RemovedWrapper;
/** The fields object given to `t.struct` (and to union variants). */
export type FieldsInput = { readonly [name: string]: FieldInput };

/** The in-memory object of a fields map: removed fields vanish, wrapped fields unwrap. */
export type InferFields<F extends FieldsInput> = {
  -readonly [K in keyof F as F[K] extends RemovedWrapper ? never : K]:
    F[K] extends FieldWrapper<infer S> ? Infer<S> : F[K] extends Schema ? Infer<F[K]> : never;
};
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** `t.struct(name, fields)`: named fields in declared order. */
export interface StructSchema<F extends FieldsInput = FieldsInput> extends SchemaBase<Simplify<InferFields<F>>> {
  readonly kind: 'struct';
  readonly name: string;
  readonly fields: readonly FieldDef[];
  /** `{ packed: true }` was asked for (checked at definition). */
  readonly requirePacked: boolean;
}

/** One enum variant: name, discriminant, and the data versions that have it. */
export interface EnumVariant { readonly name: string; readonly value: number; readonly since: number; readonly until: number }
/** `t.enum(name, variants)`: a discriminant; the variant name in memory. */
export interface EnumSchema<N extends string = string> extends SchemaBase<N> {
  readonly kind: 'enum';
  readonly name: string;
  readonly size: TagSize;
  readonly variants: readonly EnumVariant[];
}

/** A union variant wrapped with version metadata (`t.variant`). */
export interface VariantWrapper<F extends FieldsInput | UnitSchema = FieldsInput | UnitSchema> {
  readonly kind: 'variant';
  readonly fields: F;
  readonly options: { since?: number; until?: number };
}
/** One variant of a `t.union`: a fields object, `t.unit` or `t.variant(...)`. */
export type VariantInput = FieldsInput | UnitSchema | VariantWrapper;
/** The variants object given to `t.union`. */
export type VariantsInput = { readonly [name: string]: VariantInput };

/** One union variant: its discriminant, its fields (null for a unit variant), version range. */
export interface UnionVariant {
  readonly name: string;
  readonly value: number;
  readonly fields: readonly FieldDef[] | null;
  readonly since: number;
  readonly until: number;
}
type VariantValue<Tag extends string, K, V> =
  V extends VariantWrapper<infer F> ? VariantValue<Tag, K, F>
  : V extends UnitSchema ? { [P in Tag]: K }
  : V extends FieldsInput ? Simplify<{ [P in Tag]: K } & InferFields<V>>
  : never;
/** The in-memory type of a union: one object type per variant, tagged by `Tag`. */
export type InferUnion<Tag extends string, V extends VariantsInput> =
  { [K in keyof V & string]: VariantValue<Tag, K, V[K]> }[keyof V & string];

/** `t.union(name, variants)`: a discriminant, then the variant's fields. */
export interface UnionSchema<Tag extends string = string, V extends VariantsInput = VariantsInput>
  extends SchemaBase<InferUnion<Tag, V>> {
  readonly kind: 'union';
  readonly name: string;
  readonly tag: Tag;
  readonly size: TagSize;
  readonly variants: readonly UnionVariant[];
}

/**
 * Filled in by `records/record-array.ts` (declaration merging: `array` is `RecordArray<T>`), so
 * that this module, below the records layer, never imports it.
 */
export interface RecordArrayType<T> {}
/** The in-memory type of a `t.records` value: `RecordArray<T>`. */
export type RecordArrayOf<T> = RecordArrayType<T> extends { array: infer A } ? A : never;

/** `t.records(struct)`: a length-prefixed, aligned run of packed records (a `RecordArray`). */
export interface RecordsSchema<S extends StructSchema = StructSchema> extends SchemaBase<RecordArrayOf<Infer<S>>> {
  readonly kind: 'records';
  readonly struct: S;
}
/** `t.lazy(() => schema)`: a reference resolved on use, for recursive types. */
export interface LazySchema<S extends Schema = Schema> extends SchemaBase<Infer<S>> {
  readonly kind: 'lazy';
  readonly get: () => S;
}
/** `t.custom(base, ...)`: stored as `base`, converted by user functions. */
export interface CustomSchema<T = unknown, B extends Schema = Schema> extends SchemaBase<T> {
  readonly kind: 'custom';
  readonly name: string;
  readonly base: B;
  readonly encode: (value: T) => Infer<B>;
  readonly decode: (value: Infer<B>) => T;
}

/** One generation of a `t.versioned` type: its schema, first data version, and conversions to/from the one before. */
export interface Generation {
  /** First data version stored as this generation (inclusive); it lasts until the next generation's `since`. */
  readonly since: number;
  /** The type of this generation (stored, as it stands at each of its versions). */
  readonly schema: Schema;
  /** Converts a value of the previous generation into this one (every generation but the first has one). */
  readonly from?: (prev: any) => unknown;
  /** Converts a value of this generation into the previous one (to write older versions). */
  readonly to?: (value: any) => unknown;
}
/** `t.versioned(name, generations)`: a type stored as one generation per range of data versions; the newest in memory. */
export interface VersionedSchema<S extends Schema = Schema> extends SchemaBase<Infer<S>> {
  readonly kind: 'versioned';
  readonly name: string;
  /** Ordered by `since`, strictly increasing, the first at 0; the last is the in-memory type. */
  readonly generations: readonly Generation[];
}

/** Any savepack schema. */
export type Schema =
  | BoolSchema | NumberSchema | BigIntSchema | StringSchema | BytesSchema | UnitSchema | CanarySchema
  | VarintSchema | VarBigSchema | FixedSchema
  | ArraySchema<any> | VecSchema<any> | OptionSchema<any> | TupleSchema<any> | MapSchema<any, any>
  | TypedSchema<any> | StructSchema<any> | EnumSchema<any> | UnionSchema<any, any>
  | RecordsSchema<any> | LazySchema<any> | CustomSchema<any, any> | VersionedSchema<any>;

/** The static type of the in-memory value of schema `S`. */
export type Infer<S> = S extends { readonly '~type'?: [infer T] } ? T : never;
