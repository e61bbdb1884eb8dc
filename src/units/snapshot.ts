// snapshot(units) / restore(bytes, units): a tree of state units as ONE savepack file (FORMAT.md,
// "Snapshots of state units"): the root struct savepack.Snapshot lists every unit by its dotted
// path with its state as a blob (type name, data version, schema section, payload). Restore decodes
// and checks every unit before the first unit's restore runs.

import { SavepackError } from '../errors.ts';
import { codec } from '../codec/codec.ts';
import type { Codec } from '../codec/api.ts';
import { struct } from '../builders/struct.ts';
import { t } from '../builders/t.ts';
import type { StateBlob } from '../builders/blob.ts';
import { atPath, pack, unpack } from './state.ts';
import { flatten, type UnitEntry, type UnitTree } from './tree.ts';

/** The snapshot file's data version (the layout of savepack.Snapshot itself). */
const SNAPSHOT_VERSION = 0;

/** The stored root of a snapshot. */
interface SnapshotValue { units: { path: string; state: StateBlob }[] }

const codecs = new Map<string, Codec<SnapshotValue>>();

/** The codec of snapshot files (one per compression). */
function snapshotCodec(compress: 'none' | 'deflate' = 'none'): Codec<SnapshotValue> {
  let c = codecs.get(compress);
  if (!c) {
    const Unit = struct('savepack.SnapshotUnit', { path: t.string, state: t.blob() });
    c = codec(struct('savepack.Snapshot', { units: t.vec(Unit) }), { version: SNAPSHOT_VERSION, compress }) as unknown as Codec<SnapshotValue>;
    codecs.set(compress, c);
  }
  return c;
}

/** Options of {@link snapshot}. */
export interface SnapshotOptions {
  /** Compress the snapshot file: 'none' (default) or 'deflate'. */
  compress?: 'none' | 'deflate';
}

/** Options of {@link restore}. */
export interface RestoreOptions {
  /** Accept a snapshot that lacks some of the units given (they are left as they are). */
  allowMissing?: boolean;
  /** Accept a snapshot that holds units not given (they are skipped; `extra` names them). */
  allowExtra?: boolean;
  /** Refuse a snapshot file without a checksum (CHECKSUM). Snapshots are always written with one. */
  requireChecksum?: boolean;
}

/** What a restore did. */
export interface RestoreResult {
  /** Paths of the units restored, in the order their `restore` ran (t.unit ones included). */
  readonly restored: string[];
  /** Paths given but not in the snapshot (only with `allowMissing`). */
  readonly missing: string[];
  /** Paths in the snapshot but not given (only with `allowExtra`). */
  readonly extra: string[];
}

/**
 * Saves every unit of `units` (their `save` runs one after another, in the tree's depth-first key
 * order) and returns one savepack file. A `save` throwing `notSupported(reason)` is NOT_SUPPORTED
 * at the unit's path; a state that does not fit its schema is INVALID_VALUE at `path/inside`.
 * Other errors a `save` throws are passed on unchanged.
 */
export async function snapshot(units: UnitTree, opts: SnapshotOptions = {}): Promise<Uint8Array> {
  const entries = flatten(units, 'snapshot');
  const list: SnapshotValue['units'] = [];
  for (const e of entries) {
    let state: unknown;
    if (e.unit) {
      try {
        state = await e.unit.save(e.obj);
      } catch (err) {
        if (err instanceof SavepackError && err.code === 'NOT_SUPPORTED' && !err.path) {
          throw new SavepackError('NOT_SUPPORTED', `unit '${e.unit.name}' cannot be saved: ${err.message.replace(/^NOT_SUPPORTED: /, '')}`, e.path, { cause: err });
        }
        throw atPath(err, e.path);
      }
    }
    list.push({ path: e.path, state: pack(e.st, state, e.path) });
  }
  return snapshotCodec(opts.compress).encode({ units: list });
}

/** Up to 20 names, quoted (names read from a file are data). */
const names = (xs: string[]) => xs.slice(0, 20).map((x) => JSON.stringify(x.slice(0, 100))).join(', ') + (xs.length > 20 ? `, and ${xs.length - 20} more` : '');

/** A snapshot decoded and checked against the units given, ready to restore. */
export interface PreparedRestore {
  /** Runs every unit's `restore` in tree order. */
  run(): Promise<RestoreResult>;
}

/**
 * The synchronous half of {@link restore}: decodes the snapshot file, matches its units with the
 * given ones (SCHEMA_MISMATCH listing missing and extra paths) and decodes every unit's state.
 */
export function prepareRestore(bytes: Uint8Array | ArrayBuffer, units: UnitTree, opts: RestoreOptions = {}): PreparedRestore {
  const entries = flatten(units, 'restore');
  const file = snapshotCodec().decode(bytes, opts.requireChecksum === undefined ? undefined : { requireChecksum: opts.requireChecksum });
  const stored = new Map<string, StateBlob>();
  for (const u of file.units) {
    if (stored.has(u.path)) throw new SavepackError('INVALID_DATA', `the snapshot holds unit ${names([u.path])} twice`);
    stored.set(u.path, u.state);
  }
  const given = new Set(entries.map((e) => e.path));
  const missing = entries.filter((e) => !stored.has(e.path)).map((e) => e.path);
  const extra = [...stored.keys()].filter((p) => !given.has(p));
  const problems: string[] = [];
  if (missing.length && !opts.allowMissing) problems.push(`it lacks ${missing.length} unit(s) given: ${names(missing)} (pass { allowMissing: true } to leave them as they are)`);
  if (extra.length && !opts.allowExtra) problems.push(`it holds ${extra.length} unit(s) not given: ${names(extra)} (pass { allowExtra: true } to skip them)`);
  if (problems.length) throw new SavepackError('SCHEMA_MISMATCH', `the snapshot does not hold the units given: ${problems.join('; ')}`);
  // Every unit's state is checked and decoded before any restore runs.
  const todo: { e: UnitEntry; value: unknown }[] = [];
  for (const e of entries) {
    const b = stored.get(e.path);
    if (b) todo.push({ e, value: unpack(b, e.st, e.path) });
  }
  return {
    async run() {
      const restored: string[] = [];
      for (const { e, value } of todo) {
        if (e.unit) {
          try {
            await e.unit.restore(e.obj, value);
          } catch (err) {
            const why = err instanceof Error ? err.message : String(err);
            const before = restored.length ? `; units restored before it: ${names(restored)}` : '; no unit was restored before it';
            throw new SavepackError('MIGRATION_FAILED', `restore of unit '${e.unit.name}' failed: ${why}${before}`, e.path, { cause: err });
          }
        }
        restored.push(e.path);
      }
      return { restored, missing: opts.allowMissing ? missing : [], extra: opts.allowExtra ? extra : [] };
    },
  };
}

/**
 * Restores the units of `units` from a snapshot. Every unit's bytes are decoded and checked first
 * (type name, data version, schema, payload: errors name the unit path); only then do the units'
 * `restore` functions run, one after another in tree order. A `restore` that throws is
 * MIGRATION_FAILED at the unit's path (the units before it stay restored).
 */
export async function restore(bytes: Uint8Array | ArrayBuffer, units: UnitTree, opts?: RestoreOptions): Promise<RestoreResult> {
  return prepareRestore(bytes, units, opts).run();
}
