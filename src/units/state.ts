// Packing one saved state into a StateBlob and back, for a state unit, a codec (blobs) or t.unit
// ("no saved state"): the type name and data version are stored beside the payload (frame 'none')
// and the schema section of the state's schema at that version; reading checks all three.

import { SavepackError, type ErrorCode } from '../errors.ts';
import { codec } from '../codec/codec.ts';
import type { Codec } from '../codec/api.ts';
import { checkSchemaSection } from '../codec/schema-check.ts';
import { encodeSchema } from '../schema/binary.ts';
import type { Schema } from '../schema/types.ts';
import type { StateBlob } from '../builders/blob.ts';
import { isNoState, unitCodec, type StateUnit } from './unit.ts';

/** What packing and unpacking one kind of state needs. */
export interface StateType {
  /** The stored type name ('' for no saved state). */
  readonly type: string;
  /** The payload codec (frame 'none'); undefined for no saved state. */
  readonly payload: Codec<unknown> | undefined;
}

const EMPTY = new Uint8Array(0);
const NONE: StateType = Object.freeze({ type: '', payload: undefined });
const ofCodec = new WeakMap<object, StateType>();
const sections = new WeakMap<Codec<unknown>, Map<number, Uint8Array>>();

/** The name of a schema that has one (struct, enum, union, custom; through t.lazy). */
function nameOf(s: Schema): string {
  for (let i = 0; s.kind === 'lazy' && i < 64; i++) s = s.get();
  return 'name' in s && typeof s.name === 'string' ? s.name : '';
}

/** The state type of a unit, of `t.unit`, or of a codec (named by its schema's name). */
export function stateType(x: StateUnit | Codec<any> | Schema, what: string): StateType {
  if (isNoState(x)) return NONE;
  const u = unitCodec(x);
  if (u) return { type: (x as StateUnit).name, payload: u };
  const c = x as Codec<unknown>;
  if (typeof x !== 'object' || x === null || typeof c.encode !== 'function' || typeof c.schemaAt !== 'function' || typeof c.version !== 'number') {
    throw new SavepackError('INVALID_VALUE', `${what} needs a state unit (stateUnit), a codec or t.unit`);
  }
  const known = ofCodec.get(c);
  if (known) return known;
  const type = nameOf(c.schema);
  if (!type) throw new SavepackError('INVALID_VALUE', `${what} needs a codec of a named schema (struct, enum, union or custom)`);
  const st = { type, payload: codec(c.schema, { version: c.version, frame: 'none' }) as Codec<unknown> };
  ofCodec.set(c, st);
  return st;
}

/** The schema section of `payload`'s schema at data version `v` (cached). */
function sectionAt(payload: Codec<unknown>, v: number): Uint8Array {
  let m = sections.get(payload);
  if (!m) sections.set(payload, (m = new Map()));
  let b = m.get(v);
  if (!b) m.set(v, (b = encodeSchema(payload.schemaAt(v))));
  return b;
}

/** `e` with `path` put in front of its own path ('/' between), same code, original as cause. */
export function atPath(e: unknown, path: string, code?: ErrorCode): unknown {
  if (!(e instanceof SavepackError)) return e;
  const prefix = e.path ? `${e.code} at ${e.path}: ` : `${e.code}: `;
  const bare = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
  const full = !path ? e.path : e.path ? `${path}/${e.path}` : path;
  return new SavepackError(code ?? e.code, bare, full, { cause: e });
}

/** Packs `value` as a blob of state type `st`; errors carry `path`. */
export function pack(st: StateType, value: unknown, path: string): StateBlob {
  if (!st.payload) return Object.freeze({ type: '', version: 0, schema: EMPTY, data: EMPTY });
  const version = st.payload.version;
  let data: Uint8Array;
  try {
    data = st.payload.encode(value);
  } catch (e) {
    throw atPath(e, path);
  }
  return Object.freeze({ type: st.type, version, schema: sectionAt(st.payload, version), data });
}

/** Shown type name ('' is "no saved state"). */
const shown = (type: string) => (type ? `'${type.slice(0, 100)}'` : 'no saved state (t.unit)');

/**
 * Checks and decodes blob `b` as state type `st`: the type name (SCHEMA_MISMATCH), the data
 * version (NEWER_VERSION), the schema section (SCHEMA_MISMATCH with the differences), then the
 * payload (INVALID_DATA, TRUNCATED, ...); every error carries `path`.
 */
export function unpack(b: StateBlob, st: StateType, path: string): unknown {
  if (b.type !== st.type) {
    throw new SavepackError('SCHEMA_MISMATCH', `the saved state is ${shown(b.type)}, expected ${shown(st.type)}`, path);
  }
  if (!st.payload) {
    if (b.version !== 0 || b.schema.length !== 0 || b.data.length !== 0) {
      throw new SavepackError('INVALID_DATA', 'a state with no saved state (t.unit) must have version 0 and no bytes', path);
    }
    return undefined;
  }
  const v = b.version;
  if (v > st.payload.version) {
    throw new SavepackError('NEWER_VERSION', `the saved state is data version ${v}, newer than this release's ${st.payload.version} of ${shown(st.type)}`, path);
  }
  const want = sectionAt(st.payload, v);
  try {
    checkSchemaSection(b.schema, want, () => st.payload!.schemaAt(v), v, '', 'the state');
  } catch (e) {
    throw atPath(e, path);
  }
  try {
    return st.payload.decode(b.data, { version: v });
  } catch (e) {
    throw atPath(e, path);
  }
}
