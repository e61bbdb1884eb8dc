// The `t` namespace: every schema builder.

import { SavepackError } from '../errors.ts';
import { enumOf } from './enum.ts';
import { isSchema } from './fields.ts';
import { recordsProblem } from '../layout/records-versions.ts';
import { checkTypeName, field, removed, struct } from './struct.ts';
import type {
  ArraySchema, BigIntSchema, BoolSchema, BytesSchema, CanarySchema, CustomSchema, FixedSchema, Infer, LazySchema, MapSchema,
  NumberSchema, OptionSchema, RecordsSchema, Schema, StringSchema, StructSchema, TupleSchema, TypedKind, TypedSchema,
  UnitSchema, VarBigSchema, VarintSchema, VecSchema,
} from '../schema/types.ts';
import { union, variant } from './union.ts';
import { FIXED_MAX, TYPED_KINDS } from '../kinds/table.ts';
import { blobSchema } from './blob.ts';
import { versioned } from './versioned.ts';

function need(x: unknown, what: string): Schema {
  if (!isSchema(x)) throw new SavepackError('INVALID_SCHEMA', `${what} must be a schema`);
  return x;
}

/** A fixed-length array of exactly `length` items, no length prefix. */
/* @__NO_SIDE_EFFECTS__ */
function array<S extends Schema>(item: S, length: number): ArraySchema<S> {
  need(item, 't.array item');
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) {
    throw new SavepackError('INVALID_SCHEMA', `t.array length must be an integer >= 0, got ${String(length)}`);
  }
  return { kind: 'array', item, length };
}

/** A length-prefixed list. */
/* @__NO_SIDE_EFFECTS__ */
function vec<S extends Schema>(item: S): VecSchema<S> {
  return { kind: 'vec', item: need(item, 't.vec item') as S };
}

/** A present/absent value: `undefined` (or `null` on encode) when absent. */
/* @__NO_SIDE_EFFECTS__ */
function option<S extends Schema>(item: S): OptionSchema<S> {
  return { kind: 'option', item: need(item, 't.option item') as S };
}

/** A fixed sequence of differently typed items. */
/* @__NO_SIDE_EFFECTS__ */
function tuple<const S extends readonly Schema[]>(...items: S): TupleSchema<S> {
  items.forEach((s, i) => need(s, `t.tuple item ${i}`));
  return { kind: 'tuple', items };
}

/** A `Map` of keys to values, length-prefixed. */
/* @__NO_SIDE_EFFECTS__ */
function map<K extends Schema, V extends Schema>(key: K, value: V): MapSchema<K, V> {
  return { kind: 'map', key: need(key, 't.map key') as K, value: need(value, 't.map value') as V };
}

/** Exactly `length` bytes (a `Uint8Array`), no length prefix. */
/* @__NO_SIDE_EFFECTS__ */
function fixed(length: number): FixedSchema {
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || length > FIXED_MAX) {
    throw new SavepackError('INVALID_SCHEMA', `t.fixed length must be an integer 0..${FIXED_MAX}, got ${String(length)}`);
  }
  return { kind: 'fixed', length };
}

/** A typed array of `kind` elements, written with one bulk copy, aligned to the element size. */
/* @__NO_SIDE_EFFECTS__ */
function typed<K extends TypedKind>(element: K): TypedSchema<K> {
  if (!TYPED_KINDS.includes(element)) {
    throw new SavepackError('INVALID_SCHEMA', `t.typed kind must be one of ${TYPED_KINDS.join(', ')}, got ${JSON.stringify(element)}`);
  }
  return { kind: 'typed', element };
}

/** A packed array of a packed-eligible struct (value: RecordArray), written with one bulk copy. */
/* @__NO_SIDE_EFFECTS__ */
function records<S extends StructSchema<any>>(s: S): RecordsSchema<S> {
  if (!isSchema(s) || s.kind !== 'struct') throw new SavepackError('INVALID_SCHEMA', 't.records needs a t.struct');
  // Each data version's layout is checked on its own; metadata needing per-record code is refused.
  const p = recordsProblem(s);
  if (p) throw new SavepackError('INVALID_SCHEMA', p.message, p.path);
  return { kind: 'records', struct: s };
}

/** A schema resolved on first use, for recursive types; nesting depth is bounded on load. */
/* @__NO_SIDE_EFFECTS__ */
function lazy<S extends Schema>(get: () => S): LazySchema<S> {
  if (typeof get !== 'function') throw new SavepackError('INVALID_SCHEMA', 't.lazy needs a function returning a schema');
  let cached: S | undefined;
  return {
    kind: 'lazy',
    get: () => {
      if (cached === undefined) {
        const s = get();
        if (!isSchema(s)) throw new SavepackError('INVALID_SCHEMA', 't.lazy function did not return a schema');
        cached = s;
      }
      return cached;
    },
  };
}

/** A user type stored as `base`: `encode(value)` gives the base value, `decode(base)` the value. */
/* @__NO_SIDE_EFFECTS__ */
function custom<T, B extends Schema>(base: B, o: { name: string; encode: (value: T) => Infer<B>; decode: (value: Infer<B>) => T }): CustomSchema<T, B> {
  need(base, 't.custom base');
  checkTypeName(o?.name, 'custom');
  if (typeof o.encode !== 'function' || typeof o.decode !== 'function') {
    throw new SavepackError('INVALID_SCHEMA', 't.custom needs encode and decode functions', o.name);
  }
  return { kind: 'custom', name: o.name, base, encode: o.encode, decode: o.decode };
}

const prim = <S extends Schema>(kind: S['kind']) => Object.freeze({ kind }) as S;

/** The schema builders. */
export const t = {
  bool: prim<BoolSchema>('bool'),
  u8: prim<NumberSchema<'u8'>>('u8'),
  u16: prim<NumberSchema<'u16'>>('u16'),
  u32: prim<NumberSchema<'u32'>>('u32'),
  i8: prim<NumberSchema<'i8'>>('i8'),
  i16: prim<NumberSchema<'i16'>>('i16'),
  i32: prim<NumberSchema<'i32'>>('i32'),
  u64: prim<BigIntSchema<'u64'>>('u64'),
  i64: prim<BigIntSchema<'i64'>>('i64'),
  f32: prim<NumberSchema<'f32'>>('f32'),
  f64: prim<NumberSchema<'f64'>>('f64'),
  string: prim<StringSchema>('string'),
  bytes: prim<BytesSchema>('bytes'),
  unit: prim<UnitSchema>('unit'),
  canary: prim<CanarySchema>('canary'),
  uvarint: prim<VarintSchema<'uvarint'>>('uvarint'),
  varint: prim<VarintSchema<'varint'>>('varint'),
  uvarint64: prim<VarBigSchema<'uvarint64'>>('uvarint64'),
  varint64: prim<VarBigSchema<'varint64'>>('varint64'),
  fixed,
  array, vec, option, tuple, map, typed, records, lazy, custom,
  struct, field, removed,
  enum: enumOf,
  union, variant,
  /** A type stored as one generation per range of data versions, converted by `from`/`to` chains (API.md 10). */
  versioned,
  /** A child's saved state as opaque bytes tagged with its type name (API.md 11; units/blob.ts makes and opens them). */
  blob: blobSchema,
};
