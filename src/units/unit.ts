// State units (vmcore save_restore, API.md 11): a component's stable saved-state type, with the
// functions that save a live object into it and restore a live object from it.

import { SavepackError } from '../errors.ts';
import { codec } from '../codec/codec.ts';
import type { Codec } from '../codec/api.ts';
import type { Infer, Schema, UnitSchema } from '../schema/types.ts';
import { newestVersion } from './versions.ts';
import { addedAfter } from '../layout/check.ts';

/** What a state unit does: save a live object's state, restore a live object from a state. */
export interface StateUnitHooks<T, O> {
  /** The saved state of `obj` (may return a Promise); throw `notSupported(reason)` to refuse. */
  save(obj: O): T | Promise<T>;
  /** Brings `obj` into `state` (may return a Promise); a throw is MIGRATION_FAILED naming the unit path. */
  restore(obj: O, state: T): void | Promise<void>;
}

/** Options of {@link stateUnit}: the hooks, and the data version the unit writes. */
export interface StateUnitOptions<T, O> extends StateUnitHooks<T, O> {
  /**
   * The unit's current data version (written by `snapshot`; `restore` reads 0..version).
   * Default: the newest version the schema's metadata names (the largest `since`, `until + 1`
   * or `was` `until + 1` anywhere in it); 0 for a schema without metadata.
   */
  version?: number;
}

/** A state unit: a stored name, a versioned state schema and the save/restore hooks. */
export interface StateUnit<T = any, O = any> {
  /** The unit's type name, stored in every snapshot: it must never change. */
  readonly name: string;
  /** The saved-state schema (versioned like any schema). */
  readonly schema: Schema;
  /** The data version `snapshot` writes. */
  readonly version: number;
  /** Saves `obj`'s state. */
  readonly save: (obj: O) => T | Promise<T>;
  /** Restores `obj` from `state`. */
  readonly restore: (obj: O, state: T) => void | Promise<void>;
}

/** The payload codec (frame 'none') of each unit made by stateUnit. */
const bare = new WeakMap<object, Codec<unknown>>();

const NAME = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/;

/**
 * Defines a state unit: `name` (a dotted name like 'vm.devices.Uart', stored in every snapshot,
 * never to change), the saved-state `schema`, and `save`/`restore` (sync or async). A bad name,
 * version or hook is INVALID_SCHEMA; so is a schema field newer than the unit's version.
 */
export function stateUnit<S extends Schema, O>(name: string, schema: S, opts: StateUnitOptions<Infer<S>, O>): StateUnit<Infer<S>, O> {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new SavepackError('INVALID_SCHEMA', `stateUnit name must be a dotted identifier like 'vm.devices.Uart', got ${JSON.stringify(String(name)).slice(0, 80)}`);
  }
  if (typeof opts !== 'object' || opts === null || typeof opts.save !== 'function' || typeof opts.restore !== 'function') {
    throw new SavepackError('INVALID_SCHEMA', 'stateUnit needs { save, restore } functions', name);
  }
  const version = opts.version ?? newestVersion(schema);
  if (!Number.isInteger(version) || version < 0 || version > 0xffffffff) {
    throw new SavepackError('INVALID_SCHEMA', `stateUnit version must be an integer >= 0, got ${String(version)}`, name);
  }
  const late = addedAfter(schema, version);
  if (late) {
    throw new SavepackError('INVALID_SCHEMA', `unit '${name}' writes version ${version}, but this field or variant is added in version ${late.since}: it could never be saved (bump the version)`, late.path);
  }
  const payload = codec(schema, { version, frame: 'none' }) as Codec<unknown>;
  const unit: StateUnit<Infer<S>, O> = Object.freeze({ name, schema, version, save: opts.save, restore: opts.restore });
  bare.set(unit, payload);
  return unit;
}

/** The payload codec of a unit made by {@link stateUnit}, undefined for anything else. */
export function unitCodec(x: unknown): Codec<unknown> | undefined {
  return typeof x === 'object' && x !== null ? bare.get(x) : undefined;
}

/** True for `t.unit` given where a unit goes: "no saved state". */
export function isNoState(x: unknown): x is UnitSchema {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'unit';
}

/**
 * The error a unit's `save` throws to refuse being saved (vmcore SaveError::NotSupported):
 * `snapshot` reports it as NOT_SUPPORTED with the unit's path.
 */
export function notSupported(reason: string): SavepackError {
  return new SavepackError('NOT_SUPPORTED', String(reason));
}
