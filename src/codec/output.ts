// Output buffers (API.md section 8): how a file written into a Writer leaves it. `encode` hands
// out a Uint8Array that owns its whole buffer; `encodeInto` copies into the caller's buffer
// (checked first, so a file that does not fit leaves it untouched); `encodedSize` only measures.

import { SavepackError } from '../errors.ts';
import { typeName } from '../kinds/checks.ts';
import type { Writer } from '../wire/writer.ts';

/** The engine's typed-array length getter: a subclass or own property cannot make it lie. */
const TYPED_LENGTH = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, 'length')!.get!;

/** Checks `encodeInto`'s target and offset (INVALID_VALUE) and returns the target's real length. */
export function checkTarget(target: unknown, offset: unknown): number {
  if (!(target instanceof Uint8Array)) throw new SavepackError('INVALID_VALUE', `encodeInto: target must be a Uint8Array, got ${typeName(target)}`);
  let size: number;
  try { size = TYPED_LENGTH.call(target) as number; } catch {
    throw new SavepackError('INVALID_VALUE', 'encodeInto: target must be a Uint8Array, got an object that only claims to be one (a Proxy?)');
  }
  if (offset === undefined) offset = 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > size) {
    throw new SavepackError('INVALID_VALUE', `encodeInto: offset must be an integer in 0..${size} (the target's length), got ${String(offset)}`);
  }
  return size;
}

/** The file in `w` as a Uint8Array that owns its whole buffer: the writer's buffer itself when the file fills it exactly, else an exact copy. */
export function copyOut(w: Writer): Uint8Array {
  const buf = w.buf, start = w.origin, n = w.pos - start;
  if (start === 0 && n === buf.length) return buf;
  // `slice` costs about the same at any size up to V8's on-heap limit (64 bytes: such arrays get
  // no ArrayBuffer of their own until `.buffer` is asked for); a byte loop is cheaper only for the
  // shortest (Node 20: ~40 ns for slice, ~1.5 ns a byte for the loop).
  if (n > SHORT) return buf.slice(start, w.pos);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = buf[start + i]!;
  return out;
}

/** Outputs up to this many bytes are copied byte by byte (see copyOut). */
const SHORT = 16;

/**
 * Copies the file in `w` into `target` (checked by {@link checkTarget}: `size` is its real length)
 * at `offset` and returns its length, or fails with LIMIT_EXCEEDED (target untouched).
 */
export function copyInto(w: Writer, target: Uint8Array, offset: number, size: number): number {
  const start = w.origin, n = w.pos - start;
  const room = size - offset;
  if (n > room) throw new SavepackError('LIMIT_EXCEEDED', `encodeInto: the file needs ${n} bytes, the target has ${room} from offset ${offset}`);
  const buf = w.buf;
  if (n <= SHORT) for (let i = 0; i < n; i++) target[offset + i] = buf[start + i]!;
  else target.set(buf.subarray(start, w.pos), offset);
  return n;
}

/** The length of the file in `w`. */
export function lengthOf(w: Writer): number {
  return w.pos - w.origin;
}
