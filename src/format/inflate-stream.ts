// The one inflater of deflated payloads, fed whole (compress.ts `inflate`) or in pieces as they
// arrive (decodeStream): never past the declared size (LIMIT_EXCEEDED as soon as the output
// would pass it: a compression bomb stops early), the stream must end exactly at the end of the
// stored bytes, and the output grows as data arrives, so a header that merely claims a large size
// costs nothing until the deflate stream really produces it.

import { Inflate } from 'fflate';
import { SavepackError } from '../errors.ts';
import { ownBuffer } from '../wire/owned.ts';
import { inflateStep, trailingBytes } from './inflate-limits.ts';

/** How an {@link InflateInto}'s output buffer grows toward the declared size. */
export interface InflateGrowth {
  /** Bytes allocated up front (at most the declared size). */
  initial: number;
  /** Once the output needs 1/`whole` of the declared size or more, the buffer takes all of it; below, it doubles. */
  whole: number;
}

/** Pieces arriving one by one: 64 KiB up front, doubling under 1/8 of the declared size, then all of it (at most 1.25x while growing). */
const STREAMED: InflateGrowth = { initial: 1 << 16, whole: 8 };

/** Inflates pushed pieces of one raw DEFLATE stream into exactly `rawLength` bytes. */
export class InflateInto {
  #out: Uint8Array;
  #filled = 0;
  #ended = false;
  #inf: Inflate;

  /** An inflater whose output must be exactly `rawLength` bytes, its buffer grown as `growth` says. */
  constructor(readonly rawLength: number, growth: InflateGrowth = STREAMED) {
    this.#out = new Uint8Array(Math.min(rawLength, growth.initial));
    this.#inf = new Inflate((chunk, final) => {
      const filled = this.#filled, need = filled + chunk.length;
      if (need > rawLength) throw new SavepackError('LIMIT_EXCEEDED', `compressed payload expands past its declared size ${rawLength}`);
      if (need > this.#out.length) {
        const next = new Uint8Array(need * growth.whole >= rawLength ? rawLength : Math.min(rawLength, Math.max(this.#out.length * 2, need)));
        next.set(this.#out.subarray(0, filled));
        this.#out = next;
      }
      this.#out.set(chunk, filled);
      this.#filled = need;
      if (final) this.#ended = true;
    });
  }

  /** Feeds stored bytes; `last` marks the end of the stored payload. */
  push(data: Uint8Array, last: boolean): void {
    let i = 0;
    try {
      do {
        const end = Math.min(i + inflateStep(this.rawLength - this.#filled), data.length);
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
    if (!this.#ended || rest < 0 || this.#filled !== this.rawLength) {
      throw new SavepackError('INVALID_DATA', `deflate payload expands to ${this.#filled} bytes, header declares ${this.rawLength}${rest < 0 ? ' (the stream does not end)' : ''}`);
    }
    // The output is savepack's alone (it fills its whole buffer): the decode may view into it.
    const out = this.#out.length === this.#filled ? this.#out : this.#out.slice(0, this.#filled);
    ownBuffer(out);
    return out;
  }
}
