// Buffers that an encode fills completely before it hands them out. Where the platform offers
// memory without zeroing it first (Node's Buffer.allocUnsafeSlow, looked up on globalThis: nothing
// is imported, and elsewhere this is `new Uint8Array(n)`), a large encode skips a pass over its
// output: an 8 MB allocate + copy took 0.50-0.61 ms instead of 0.70-0.85 (three processes each).
// Safe because every byte an encoder hands out is written, padding included (Writer.align writes
// zeros), as the codec's reused scratch writer already requires; test/encode-buffers.test.ts
// encodes every case into buffers filled with garbage and compares.

import { SavepackError } from '../errors.ts';

/** Makes a plain Uint8Array of `n` bytes that owns its whole ArrayBuffer. */
type Alloc = (n: number) => Uint8Array;

const NODE_BUFFER = (globalThis as { Buffer?: { allocUnsafeSlow?: unknown } }).Buffer;
const UNZEROED = typeof NODE_BUFFER?.allocUnsafeSlow === 'function' ? (NODE_BUFFER.allocUnsafeSlow as (n: number) => Uint8Array).bind(NODE_BUFFER) : undefined;

function platform(n: number): Uint8Array {
  if (UNZEROED === undefined) return new Uint8Array(n);
  const b = UNZEROED(n);
  // A plain Uint8Array over the Buffer's own ArrayBuffer (allocUnsafeSlow never pools: offset 0, exactly n bytes).
  return b.byteOffset === 0 && b.buffer.byteLength === n ? new Uint8Array(b.buffer, 0, n) : new Uint8Array(n);
}

let alloc: Alloc = platform;

/** A plain Uint8Array of `n` bytes owning its whole ArrayBuffer, contents unspecified: the caller must write every byte it hands out. */
export function freshBytes(n: number): Uint8Array {
  return alloc(n);
}

/** Test-only (not exported from the package): replaces the allocation; undefined restores the platform's. */
export function setFreshBytes(f: Alloc | undefined): void {
  alloc = f ?? platform;
}

/** Copies of at least this many bytes are made in {@link freshBytes} memory (smaller ones: `slice`, as fast there). */
const FRESH_COPY_MIN = 1 << 16;

/**
 * A copy of `src[start, end)` (a range inside `src`) that owns its whole ArrayBuffer; a large
 * one is made in memory from {@link freshBytes}, every byte of which the copy then writes.
 */
export function copyBytes(src: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start;
  if (n < FRESH_COPY_MIN) return src.slice(start, end);
  const part = src.subarray(start, end);
  // subarray clamps a range past the end: never hand out a buffer the copy did not fill.
  if (part.length !== n) throw new SavepackError('INVALID_DATA', `copy of bytes ${start}..${end} past the end of a ${src.length}-byte input`);
  const out = freshBytes(n);
  out.set(part);
  return out;
}
