// The one inflater of deflated payloads, fed whole (compress.ts `inflate`) or in pieces as they
// arrive (decodeStream): never past the declared size (LIMIT_EXCEEDED as soon as the output
// would pass it: a compression bomb stops early), the stream must end exactly at the end of the
// stored bytes, and the output grows as data arrives (growing-buffer.ts), so a header that merely
// claims a large size costs nothing until the deflate stream really produces it.

import { Inflate } from 'fflate';
import { SavepackError } from '../errors.ts';
import { ownBuffer } from '../wire/owned.ts';
import { GrowingBuffer, STREAMED, type Growth } from './growing-buffer.ts';
import { inflateStep, trailingBytes } from './inflate-limits.ts';

/** Inflates pushed pieces of one raw DEFLATE stream into exactly `rawLength` bytes. */
export class InflateInto {
  #out: GrowingBuffer;
  #ended = false;
  #inf: Inflate;

  /** An inflater whose output must be exactly `rawLength` bytes, its buffer grown as `growth` says (default: STREAMED). */
  constructor(readonly rawLength: number, growth: Growth = STREAMED) {
    const out = this.#out = new GrowingBuffer(rawLength, growth);
    this.#inf = new Inflate((chunk, final) => {
      if (out.fill + chunk.length > rawLength) throw new SavepackError('LIMIT_EXCEEDED', `compressed payload expands past its declared size ${rawLength}`);
      out.add(chunk);
      if (final) this.#ended = true;
    });
  }

  /** Feeds stored bytes; `last` marks the end of the stored payload. */
  push(data: Uint8Array, last: boolean): void {
    let i = 0;
    try {
      do {
        const end = Math.min(i + inflateStep(this.rawLength - this.#out.fill), data.length);
        this.#inf.push(data.subarray(i, end), last && end >= data.length);
        i = end;
        // Stop at once when the stream has ended early (fflate would keep and re-copy what follows).
      } while (i < data.length && trailingBytes(this.#inf) < 0);
    } catch (e) {
      if (e instanceof SavepackError) throw e;
      throw new SavepackError('INVALID_DATA', `corrupt deflate payload: ${String((e as Error)?.message ?? e)}`);
    }
    const rest = trailingBytes(this.#inf);
    if (rest > 0 || (rest === 0 && i < data.length)) {
      throw new SavepackError('INVALID_DATA', `${rest + data.length - i} bytes after the end of the deflate stream, inside the stored payload`);
    }
    if (rest === 0 && !last) throw new SavepackError('INVALID_DATA', 'the deflate stream ends before the end of the stored payload');
  }

  /** The inflated payload (savepack's own buffer) once every stored byte was pushed. */
  finish(): Uint8Array {
    const rest = trailingBytes(this.#inf);
    const { buf, fill } = this.#out;
    if (!this.#ended || rest < 0 || fill !== this.rawLength) {
      throw new SavepackError('INVALID_DATA', `deflate payload expands to ${fill} bytes, header declares ${this.rawLength}${rest < 0 ? ' (the stream does not end)' : ''}`);
    }
    // fill === rawLength, the GrowingBuffer's size (never exceeded): `buf` is exactly the payload,
    // savepack's alone (it fills its whole buffer), so the decode may view into it.
    ownBuffer(buf);
    return buf;
  }
}
