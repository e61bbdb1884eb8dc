// t.blob(): a child's saved state kept as opaque bytes tagged with the child's type name (vmcore
// SavedStateBlob). Built from existing kinds: a t.custom 'savepack.Blob' over the struct
// 'savepack.Blob' { type: string, version: uvarint, schema: bytes, data: bytes }; no new stored
// kind. Making and opening blobs (blob(), openBlob()) lives in src/units/blob.ts.

import { SavepackError } from '../errors.ts';
import type { BytesSchema, CustomSchema, StringSchema, StructSchema, VarintSchema } from '../schema/types.ts';
import { struct } from './struct.ts';

/** A saved state kept as bytes: the unit's type name, the data version, the stored schema at that version, the payload (frame 'none'). */
export interface StateBlob {
  /** The type name of the state (a state unit's name, or the schema's name); '' for "no saved state". */
  readonly type: string;
  /** The data version the payload was written at. */
  readonly version: number;
  /** The schema section (FORMAT.md) of the state's schema at `version`; empty for "no saved state". */
  readonly schema: Uint8Array;
  /** The payload alone (frame 'none') at `version`. */
  readonly data: Uint8Array;
}

/** The stored shape of a blob. */
type BlobFields = { type: StringSchema; version: VarintSchema<'uvarint'>; schema: BytesSchema; data: BytesSchema };
/** The schema of a blob: a custom type over its stored struct. */
export type BlobSchema = CustomSchema<StateBlob, StructSchema<BlobFields>>;

let cached: BlobSchema | undefined;

/** The blob a stored struct value stands for (frozen). */
const fromStored = (v: { type: string; version: number; schema: Uint8Array; data: Uint8Array }): StateBlob =>
  Object.freeze({ type: v.type, version: v.version, schema: v.schema, data: v.data });

/** The stored struct value of a blob; anything but a blob-shaped object is INVALID_VALUE. */
function toStored(v: StateBlob): { type: string; version: number; schema: Uint8Array; data: Uint8Array } {
  if (typeof v !== 'object' || v === null || typeof v.type !== 'string' || !(v.data instanceof Uint8Array) || !(v.schema instanceof Uint8Array)) {
    throw new SavepackError('INVALID_VALUE', 'a t.blob() value must be a blob made by blob() (or read from a snapshot)');
  }
  return { type: v.type, version: v.version, schema: v.schema, data: v.data };
}

/** The schema of a child's saved state kept as opaque bytes tagged with its type name (one shared schema object). */
/* @__NO_SIDE_EFFECTS__ */
export function blobSchema(): BlobSchema {
  if (cached) return cached;
  const base = struct('savepack.Blob', {
    type: Object.freeze({ kind: 'string' }) as StringSchema,
    version: Object.freeze({ kind: 'uvarint' }) as VarintSchema<'uvarint'>,
    schema: Object.freeze({ kind: 'bytes' }) as BytesSchema,
    data: Object.freeze({ kind: 'bytes' }) as BytesSchema,
  });
  cached = Object.freeze({ kind: 'custom', name: 'savepack.Blob', base, encode: toStored, decode: fromStored }) as BlobSchema;
  return cached;
}
