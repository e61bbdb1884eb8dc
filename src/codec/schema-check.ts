// The schema-section check of decode: a file's section is compared byte for byte with the codec's
// own section for that data version; only when they differ is the file's section parsed, to
// describe the difference, and only when its size is within a bound set by the codec's own
// section, so a hostile section costs at most a small multiple of what the codec expects.

import { SavepackError } from '../errors.ts';
import { decodeSchema } from '../schema/binary.ts';
import { diffSchema } from '../schema/diff.ts';
import { printable } from '../schema/printable.ts';
import type { Schema } from '../schema/types.ts';

/** A differing schema section is parsed (to describe the difference) only up to this size... */
const DIFF_SECTION_MIN = 64 * 1024;
/** ...or this many times the codec's own section, whichever is larger. */
const DIFF_SECTION_RATIO = 16;

/** True when `a` and `b` hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The codec's own schema section at one data version, in the forms the check compares fastest. */
export interface SchemaExpect {
  /** The section's bytes. */
  bytes: Uint8Array;
  /** Its whole little-endian 32-bit words (the last 0-3 bytes are compared one by one). */
  words: Int32Array;
  /**
   * Its whole 8-byte words as doubles, or null when one is a zero or a NaN. For any other double
   * `===` holds exactly when the bits are equal (binary64 has one encoding per such value), so
   * one compare covers 8 bytes; a +0/-0 or NaN word needs the 32-bit compare instead.
   */
  quads: Float64Array | null;
  /** The codec's schema at `v` (to describe a difference). */
  expected: () => Schema;
  v: number;
  root: string;
}

/** Prepares the check of sections of data version `v` against the codec's `bytes`. */
export function expectSchema(bytes: Uint8Array, expected: () => Schema, v: number, root: string): SchemaExpect {
  const n = Math.floor(bytes.length / 4);
  const words = new Int32Array(n);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < n; i++) words[i] = dv.getInt32(4 * i, true);
  let quads: Float64Array | null = new Float64Array(Math.floor(bytes.length / 8));
  for (let i = 0; i < quads.length; i++) {
    const d = dv.getFloat64(8 * i, true);
    if (d === 0 || d !== d) { quads = null; break; }
    quads[i] = d;
  }
  return { bytes, words, quads, expected, v, root };
}

/**
 * Checks the schema section at `input[at, at + len)` (`view` spans exactly `input`, and the
 * range lies inside it) against `e`, eight (or four) bytes at a time; throws SCHEMA_MISMATCH as
 * {@link checkSchemaSection} does when they differ.
 */
export function checkSchemaAt(input: Uint8Array, view: DataView, at: number, len: number, e: SchemaExpect): void {
  const want = e.bytes;
  if (len === want.length) {
    let j = -1;
    const quads = e.quads;
    if (quads !== null) {
      const n = quads.length;
      let i = 0;
      while (i < n && view.getFloat64(at + 8 * i, true) === quads[i]) i++;
      if (i === n) j = 8 * n;
    } else {
      const words = e.words, n = words.length;
      let i = 0;
      while (i < n && view.getInt32(at + 4 * i, true) === words[i]) i++;
      if (i === n) j = 4 * n;
    }
    if (j >= 0) {
      while (j < len && input[at + j] === want[j]) j++;
      if (j === len) return;
    }
  }
  checkSchemaSection(input.subarray(at, at + len), want, e.expected, e.v, e.root);
}

/**
 * Checks the schema section `found` of a file of data version `v` against the codec's section
 * `want` (of its schema `expected()` at `v`); throws SCHEMA_MISMATCH, at `root`, describing the
 * difference (`subject` names what was written: a file, a unit's state). Never throws anything but
 * a SavepackError.
 */
export function checkSchemaSection(found: Uint8Array, want: Uint8Array, expected: () => Schema, v: number, root: string, subject = 'the file'): void {
  if (bytesEqual(found, want)) return;
  const head = `${subject} was written with another schema (data version ${v})`;
  const bound = Math.max(DIFF_SECTION_MIN, DIFF_SECTION_RATIO * want.length);
  if (found.length > bound) {
    throw new SavepackError('SCHEMA_MISMATCH', `${head}: its schema section is ${found.length} bytes, too large to describe ` +
      `(sections differing from this codec's ${want.length} bytes are described up to ${bound} bytes)`, root);
  }
  let diff: string;
  try {
    diff = diffSchema(decodeSchema(found), expected(), { version: v }) ?? 'the schema sections differ byte-wise';
  } catch (e) {
    if (e instanceof SavepackError) throw e;
    throw new SavepackError('SCHEMA_MISMATCH', `${head}; describing it failed: ${printable(String((e as Error)?.message ?? e))}`, root, { cause: e });
  }
  throw new SavepackError('SCHEMA_MISMATCH', `${head}:\n${diff}`, root);
}
