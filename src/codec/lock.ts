// Lock files (API.md 10): the fingerprint of every released data version of a codec, so that a
// change to a released version's stored shape (a schema edited without a version bump) is caught
// before it ships. A lock entry is a fingerprint, or (as the CLI writes them) a fingerprint with
// the schema-section bytes as hex, which lets checkLock print a structural diffSchema.

import { SavepackError } from '../errors.ts';
import type { Codec } from './api.ts';
import { decodeSchema, encodeSchema } from '../schema/binary.ts';
import { diffSchema } from '../schema/diff.ts';
import { fingerprintOfSection } from '../schema/fingerprint.ts';

/** One locked version: its fingerprint, optionally with the schema section (hex) it prints. */
export type LockEntry = string | { readonly fingerprint: string; readonly schema?: string };
/** A lock: data version → locked entry. */
export type Lock = { readonly [version: string]: LockEntry };

/** The schema-section bytes of `codec` at `version`, as hex. */
export function sectionHex(codec: Codec<any>, version: number): string {
  let s = '';
  for (const b of encodeSchema(codec.schemaAt(version))) s += b.toString(16).padStart(2, '0');
  return s;
}

/** The fingerprint of every data version 0..N of `codec`: `{ [version]: fingerprint }`. */
export function lock(codec: Codec<any>): Record<number, string> {
  const out: Record<number, string> = {};
  for (let v = 0; v <= codec.version; v++) out[v] = fingerprintOfSection(encodeSchema(codec.schemaAt(v)));
  return out;
}

const fromHex = (hex: string): Uint8Array | undefined => {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
};

/**
 * Compares `codec` with a lock made by {@link lock} (or the CLI). Returns one message per problem —
 * a locked version whose stored shape changed (with the diffSchema text when the lock holds the
 * schema section, else both fingerprints), a locked version the codec no longer has, an unreadable
 * entry — and `[]` when all is well. Versions newer than the lock are fine (not yet released).
 */
export function checkLock(codec: Codec<any>, locked: Lock): string[] {
  const problems: string[] = [];
  const current = lock(codec);
  const keys = Object.keys(locked).sort((a, b) => Number(a) - Number(b));
  for (const key of keys) {
    const entry = locked[key];
    const v = Number(key);
    const fp = typeof entry === 'string' ? entry : entry?.fingerprint;
    if (!/^(0|[1-9][0-9]*)$/.test(key) || !Number.isSafeInteger(v) || typeof fp !== 'string') {
      problems.push(`version ${JSON.stringify(key)}: not a lock entry (a data version mapped to a fingerprint)`);
      continue;
    }
    if (v > codec.version) {
      problems.push(`version ${v} is locked (released) but the codec's version is ${codec.version}: a released version must stay readable`);
      continue;
    }
    if (current[v] === fp) continue;
    let detail: string | undefined;
    const hex = typeof entry === 'object' ? entry.schema : undefined;
    const bytes = hex === undefined ? undefined : fromHex(hex);
    if (bytes) {
      try {
        detail = diffSchema(decodeSchema(bytes), codec.schemaAt(v), { version: v });
      } catch (e) {
        if (!(e instanceof SavepackError)) throw e;
      }
    }
    problems.push(
      `version ${v}: the stored shape of a released version changed (bump the codec version and mark the change with since/until/was instead)\n` +
      (detail ? `${detail}\n` : '') + `  locked: ${fp}\n  now:    ${current[v]}`,
    );
  }
  return problems;
}
