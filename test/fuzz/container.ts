// Taking a savepack file apart and putting it back together (FORMAT.md), so that mutations can hit
// the payload, the schema section or the deflate stream and still pass the outer checks: lengths
// are recomputed, the payload re-deflated, the XXH64 trailer recomputed.

import { deflateSync, inflateSync } from 'fflate';
import { xxh64 } from '../../src/wasm/index.ts';

export const HEADER = 32;
const FLAG_SCHEMA = 1, FLAG_CHECKSUM = 2, DEFLATE = 1 << 2;

/** The parts of a file. */
export interface Parts {
  format: number;
  flags: number;
  version: number;
  schema: Uint8Array;
  /** The payload as the value's bytes (inflated when the file is compressed). */
  raw: Uint8Array;
}

const align8 = (n: number) => (n + 7) & ~7;

/** Splits a well-formed file; undefined when it is not one (these are our own encodings, so rarely). */
export function parse(file: Uint8Array): Parts | undefined {
  if (file.length < HEADER) return undefined;
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const flags = v.getUint16(10, true);
  const schemaLen = v.getUint32(16, true), stored = v.getUint32(20, true);
  const start = align8(HEADER + schemaLen);
  if (start + stored > file.length) return undefined;
  const body = file.subarray(start, start + stored);
  let raw: Uint8Array;
  try {
    raw = flags & DEFLATE ? inflateSync(body) : body.slice();
  } catch {
    return undefined;
  }
  return { format: v.getUint16(8, true), flags, version: v.getUint32(12, true), schema: file.slice(HEADER, HEADER + schemaLen), raw };
}

/** The stored payload of `p` (deflated when the flags say so). */
export function storedPayload(p: Parts): Uint8Array {
  return p.flags & DEFLATE ? deflateSync(p.raw, { level: 1 }) : p.raw;
}

/** Builds a file from parts with consistent lengths, padding and checksum. `stored` overrides the payload bytes as stored. */
export function build(p: Parts, stored = storedPayload(p), rawLength = p.raw.length): Uint8Array {
  const schemaLen = p.flags & FLAG_SCHEMA ? p.schema.length : 0;
  const start = align8(HEADER + schemaLen);
  const sum = p.flags & FLAG_CHECKSUM ? 8 : 0;
  const out = new Uint8Array(start + stored.length + sum);
  const v = new DataView(out.buffer);
  out.set([0x73, 0x61, 0x76, 0x65, 0x70, 0x61, 0x63, 0x6b]);
  v.setUint16(8, p.format, true);
  v.setUint16(10, p.flags, true);
  v.setUint32(12, p.version, true);
  v.setUint32(16, schemaLen, true);
  v.setUint32(20, stored.length, true);
  v.setUint32(24, rawLength >>> 0, true);
  if (schemaLen) out.set(p.schema.subarray(0, schemaLen), HEADER);
  out.set(stored, start);
  if (sum) reseal(out);
  return out;
}

/** Rewrites the XXH64 trailer of `file` (in place) when its flags say it has one; returns it. */
export function reseal(file: Uint8Array): Uint8Array {
  if (file.length < HEADER + 8) return file;
  const flags = file[10]! | (file[11]! << 8);
  if (!(flags & FLAG_CHECKSUM)) return file;
  const h = xxh64(file.subarray(0, file.length - 8));
  new DataView(file.buffer, file.byteOffset, file.byteLength).setBigUint64(file.length - 8, h, true);
  return file;
}
