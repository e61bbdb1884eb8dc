// Blobs (vmcore SavedStateBlob): a child's saved state kept by its parent as opaque bytes tagged
// with the child's type name. `t.blob()` is their schema (builders/blob.ts); here they are made
// and opened. A parent that does not know a child's type stores its blob again untouched.

import { SavepackError } from '../errors.ts';
import type { Codec } from '../codec/api.ts';
import type { StateBlob } from '../builders/blob.ts';
import { pack, stateType, unpack } from './state.ts';
import type { StateUnit } from './unit.ts';

/** The state type of a unit or codec. */
type Stateful<T> = StateUnit<T, any> | Codec<T>;

/**
 * Makes a blob of `value`, a saved state of `unitOrCodec` (a state unit, or a codec of a named
 * schema): its type name, data version, schema section and payload. A value that does not fit is
 * INVALID_VALUE with the path inside the state.
 */
export function blob<T>(unitOrCodec: Stateful<T>, value: NoInfer<T>): StateBlob {
  return pack(stateType(unitOrCodec, 'blob()'), value, '');
}

/**
 * Decodes `b` with `unitOrCodec`: a blob of another type is SCHEMA_MISMATCH naming both types, a
 * newer data version NEWER_VERSION, another stored schema SCHEMA_MISMATCH with the differences,
 * damaged bytes INVALID_DATA (or TRUNCATED) with the path inside the state.
 */
export function openBlob<T>(b: StateBlob, unitOrCodec: Stateful<T>): T {
  if (typeof b !== 'object' || b === null || typeof b.type !== 'string' || !(b.data instanceof Uint8Array) || !(b.schema instanceof Uint8Array)) {
    throw new SavepackError('INVALID_VALUE', 'openBlob needs a blob (made by blob() or read with t.blob())');
  }
  return unpack(b, stateType(unitOrCodec, 'openBlob()'), '') as T;
}


