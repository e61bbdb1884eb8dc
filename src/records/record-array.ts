// RecordArray: a growable packed store of records of a packed-eligible struct. Its bytes are the
// on-disk bytes (little-endian, no padding), so saving is one bulk copy and loading at most one.

import { SavepackError } from '../errors.ts';
import { recordAccess, type RecordAccess } from './access.ts';
import { COST, OWN_COST } from '../layout/cost.ts';
import { packedLayout } from '../layout/packed.ts';
import type { Infer, StructSchema } from '../schema/types.ts';

/** A packed array of records of `schema`; elements are read and written as plain objects. */
export class RecordArray<T = any> implements Iterable<T> {
  /** The struct every record follows. */
  readonly schema: StructSchema;
  /** Bytes per record. */
  readonly stride: number;
  #buf: Uint8Array;
  #view: DataView;
  #length = 0;
  #access: RecordAccess<T>;

  /** An empty array of `schema` records with room for `capacity` before it grows. */
  constructor(schema: StructSchema, capacity = 16) {
    if (typeof schema !== 'object' || schema === null || schema.kind !== 'struct') {
      throw new SavepackError('INVALID_SCHEMA', 'RecordArray needs a t.struct schema');
    }
    const l = packedLayout(schema); // computed once per schema
    if (!l.packed || !l.size) throw new SavepackError('INVALID_SCHEMA', `RecordArray needs a packed-eligible struct: ${l.reason ?? 'zero size'}`, schema.name);
    if (!Number.isInteger(capacity) || capacity < 0) throw new SavepackError('INVALID_VALUE', `capacity must be an integer >= 0, got ${capacity}`);
    this.schema = schema;
    this.stride = l.size;
    this.#buf = new Uint8Array(capacity * l.size);
    this.#view = new DataView(this.#buf.buffer);
    this.#access = recordAccess<T>(schema);
  }

  /** A RecordArray holding `items`. */
  static from<S extends StructSchema>(schema: S, items: Iterable<Infer<S>> | ArrayLike<Infer<S>>): RecordArray<Infer<S>> {
    const list = Array.isArray(items) ? items : Array.from(items as Iterable<Infer<S>>);
    const ra = new RecordArray<Infer<S>>(schema, list.length);
    for (const x of list) ra.push(x);
    return ra;
  }

  /**
   * A RecordArray over `bytes` (length a multiple of the stride), taking ownership without a copy.
   * The bytes are not validated here: the decoder validates bools and enums before calling this.
   */
  static fromBytes<S extends StructSchema>(schema: S, bytes: Uint8Array): RecordArray<Infer<S>> {
    const ra = new RecordArray<Infer<S>>(schema, 0);
    if (bytes.length % ra.stride !== 0) throw new SavepackError('INVALID_VALUE', `byte length ${bytes.length} is not a multiple of the record size ${ra.stride}`, schema.name);
    ra.#buf = bytes;
    ra.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    ra.#length = bytes.length / ra.stride;
    return ra;
  }

  /** Number of records. */
  get length(): number {
    return this.#length;
  }

  /** Records that fit before the storage grows. */
  get capacity(): number {
    return this.#buf.length / this.stride;
  }

  /** The packed bytes of the records (length × stride), a view (not a copy) of the storage. */
  get bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#length * this.stride);
  }

  /** Appends a record; returns the new length. */
  push(value: T): number {
    if (this.#length === this.capacity) this.#grow(this.#length + 1);
    this.#write(this.#length, value);
    return ++this.#length;
  }

  /** The record at `index` as a new plain object (undefined when out of range). */
  get(index: number): T | undefined {
    if (!(index >= 0 && index < this.#length) || !Number.isInteger(index)) return undefined;
    return this.#access.get(this.#view, index * this.stride);
  }

  /** Replaces the record at `index` (0 <= index < length). */
  set(index: number, value: T): void {
    if (!(index >= 0 && index < this.#length) || !Number.isInteger(index)) {
      throw new SavepackError('INVALID_VALUE', `index ${index} out of range 0..${this.#length - 1}`, `${this.schema.name}[${index}]`);
    }
    this.#write(index, value);
  }

  /** Removes every record (keeps the storage). */
  clear(): void {
    this.#length = 0;
  }

  /** All records as plain objects. */
  toArray(): T[] {
    const out = new Array<T>(this.#length);
    const get = this.#access.get, view = this.#view, stride = this.stride;
    for (let i = 0; i < out.length; i++) out[i] = get(view, i * stride);
    return out;
  }

  /** The records in order, each read from its `stride` bytes into a new plain object. */
  *[Symbol.iterator](): IterableIterator<T> {
    const get = this.#access.get, stride = this.stride;
    for (let i = 0; i < this.#length; i++) yield get(this.#view, i * stride);
  }

  /** Estimated heap bytes (the decode allocation budget's measure): the object, its views and its bytes. */
  [OWN_COST](): number {
    return COST.RECORDS + this.bytes.length;
  }

  #write(index: number, value: T): void {
    try {
      this.#access.set(this.#view, index * this.stride, value);
    } catch (e) {
      if (e instanceof SavepackError) {
        throw new SavepackError(e.code, e.message.replace(/^[A-Z_]+( at [^:]*)?: /, ''), `${this.schema.name}[${index}]${e.path ? '.' + e.path : ''}`);
      }
      throw e;
    }
  }

  #grow(min: number): void {
    const cap = Math.max(min, this.capacity * 2, 16);
    const next = new Uint8Array(cap * this.stride);
    next.set(this.bytes);
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }
}

declare module '../schema/types.ts' {
  /** `t.records(S)` holds a `RecordArray` of S's records in memory. */
  interface RecordArrayType<T> { array: RecordArray<T> }
}
