// Output buffers (API.md section 8): how a file written into a Writer leaves it. `encode` hands
// out a Uint8Array that owns its whole buffer; `encodeInto` copies into the caller's buffer
// (checked first, so a file that does not fit leaves it untouched); `encodedSize` only measures.

import { SavepackError } from '../errors.ts';
import { typeName } from '../kinds/checks.ts';
import { realLength, type Writer } from '../wire/writer.ts';

/** Where `encodeInto` writes: the caller's buffer, the offset, and the buffer's real length. */
export interface Target { target: Uint8Array; offset: number; size: number }

/** Checks `encodeInto`'s target and offset (INVALID_VALUE) and returns them as a {@link Target}. */
export function checkTarget(target: unknown, offset: unknown): Target {
  if (!(target instanceof Uint8Array)) throw new SavepackError('INVALID_VALUE', `encodeInto: target must be a Uint8Array, got ${typeName(target)}`);
  const size = realLength(target);
  if (offset === undefined) offset = 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > size) {
    throw new SavepackError('INVALID_VALUE', `encodeInto: offset must be an integer in 0..${size} (the target's length), got ${String(offset)}`);
  }
  return { target, offset, size };
}

/** The file in `w` as a Uint8Array that owns its whole buffer: the writer's buffer itself when the file fills it exactly, else an exact copy. */
export function copyOut(w: Writer): Uint8Array {
  const buf = w.buf, start = w.origin, n = w.pos - start;
  if (start === 0 && n === buf.length) return buf;
  if (n > ON_HEAP) return buf.slice(start, w.pos);
  // V8 keeps typed arrays of up to 64 bytes on its heap: allocating one is ~10x cheaper than an
  // ArrayBuffer of its own (which `.buffer` creates only when asked for).
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = buf[start + i]!;
  return out;
}

/** Largest typed array V8 allocates on its heap (its `typed_array_max_size_in_heap`). */
const ON_HEAP = 64;

/** Copies the file in `w` into the target at its offset and returns its length, or fails with LIMIT_EXCEEDED (target untouched). */
export function copyInto(w: Writer, o: Target): number {
  const n = w.pos - w.origin;
  const room = o.size - o.offset;
  if (n > room) throw new SavepackError('LIMIT_EXCEEDED', `encodeInto: the file needs ${n} bytes, the target has ${room} from offset ${o.offset}`);
  o.target.set(w.buf.subarray(w.origin, w.pos), o.offset);
  return n;
}

/** The length of the file in `w`. */
export function lengthOf(w: Writer): number {
  return w.pos - w.origin;
}
