// Shared references of varint-bytes.test.ts and varint-schema.test.ts: LEB128 and zigzag written
// independently of src/, payload bytes from both codec paths, and bare files around a body.
import * as assert from 'uvu/assert';
import type { Schema } from '../../src/index.ts';
import { both, hex, norm } from './codecs.ts';

/** Frame options for bare files: no schema section, no checksum. */
export const BARE = { schemaHeader: false, checksum: false } as const;
/** Number.MAX_SAFE_INTEGER. */
export const MAX = Number.MAX_SAFE_INTEGER;

/** Reference LEB128 of a non-negative bigint (independent of src/). */
export function leb(u: bigint): string {
  const out: number[] = [];
  do { let b = Number(u & 0x7fn); u >>= 7n; if (u) b |= 0x80; out.push(b); } while (u);
  return hex(Uint8Array.from(out));
}
/** Reference zigzag of a signed bigint. */
export const zz = (x: bigint): bigint => (x >= 0n ? x << 1n : (-x << 1n) - 1n);

/** The payload bytes of `value` written by both paths (asserting they agree and read back `expected`). */
export function payload(s: Schema, value: unknown, expected: unknown = value): string {
  const { compiled, interpreted } = both(s, BARE);
  const a = compiled.encode(value as never), b = interpreted.encode(value as never);
  assert.is(hex(a), hex(b), 'compiled and interpreted bytes differ');
  for (const c of [compiled, interpreted]) {
    assert.equal(norm(c.decode(a)), norm(expected));
    assert.is(c.encodedSize(value as never), a.length, 'encodedSize');
  }
  return hex(a.subarray(32));
}

/** A file (no schema, no checksum) at data version 0 around `body`. */
export function file(body: number[]): Uint8Array {
  const b = new Uint8Array(32 + body.length), d = new DataView(b.buffer);
  b.set(new TextEncoder().encode('savepack'));
  d.setUint16(8, 1, true);
  d.setUint32(20, body.length, true);
  d.setUint32(24, body.length, true);
  b.set(body, 32);
  return b;
}

/** n bytes of 0xff. */
export const ff = (n: number) => Array<number>(n).fill(0xff);

/** Decoding `body` (a bare file) with both paths, as thunks. */
export const cut = (s: Schema, body: number[]) => {
  const { compiled, interpreted } = both(s, BARE);
  return [compiled, interpreted].map((c) => () => c.decode(file(body)));
};
