// Inflating a deflated payload that arrives in pieces (decodeStream): the same checks as
// compress.ts `inflate` (never past the declared size, the stream must end exactly at the end of
// the stored bytes), with the output grown as data arrives, so a header that merely claims a large
// size costs nothing until the deflate stream really produces it.

import { Inflate } from 'fflate';
import { SavepackError } from '../errors.ts';
import { ownBuffer } from '../wire/owned.ts';
import { inflateStep, trailingBytes } from './compress.ts';

/** Inflates pushed pieces of one raw DEFLATE stream into exactly `rawLength` bytes. */
export class InflateInto {
  #out: Uint8Array;
  #filled = 0;
  #ended = false;
  #inf: Inflate;

  /** An inflater whose output must be exactly `rawLength` bytes. */
  constructor(readonly rawLength: number) {
    this.#out = new Uint8Array(Math.min(rawLength, 1 << 16));
    this.#inf = new Inflate((chunk, final) => {
      const filled = this.#filled, need = filled + chunk.length;
      if (need > rawLength) throw new SavepackError('LIMIT_EXCEEDED', `compressed payload expands past its declared size ${rawLength}`);
      if (need > this.#out.length) {
        // Doubling under 1/8 of the declared size, then all of it (at most 1.25x while growing).
        const next = new Uint8Array(need * 8 >= rawLength ? rawLength : Math.max(this.#out.length * 2, need));
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
        if (i > 0 && trailingBytes(this.#inf) >= 0) break; // ended early: what follows is left over
        const end = Math.min(i + inflateStep(this.rawLength - this.#filled), data.length);
        this.#inf.push(data.subarray(i, end), last && end >= data.length);
        i = end;
      } while (i < data.length);
    } catch (e) {
      if (e instanceof SavepackError) throw e;
      throw new SavepackError('INVALID_DATA', `corrupt deflate payload: ${String((e as Error)?.message ?? e)}`);
    }
    if (i < data.length) throw new SavepackError('INVALID_DATA', `${data.length - i} bytes after the end of the deflate stream, inside the stored payload`);
    const rest = trailingBytes(this.#inf);
    if (rest > 0) throw new SavepackError('INVALID_DATA', `${rest} bytes after the end of the deflate stream, inside the stored payload`);
    if (rest === 0 && !last) throw new SavepackError('INVALID_DATA', 'the deflate stream ends before the end of the stored payload');
  }

  /** The inflated payload (savepack's own buffer) once every stored byte was pushed. */
  finish(): Uint8Array {
    const rest = trailingBytes(this.#inf);
    if (!this.#ended || rest < 0 || this.#filled !== this.rawLength) {
      throw new SavepackError('INVALID_DATA', `deflate payload expands to ${this.#filled} bytes, header declares ${this.rawLength}${rest < 0 ? ' (the stream does not end)' : ''}`);
    }
    const out = this.#out.length === this.#filled ? this.#out : this.#out.slice(0, this.#filled);
    ownBuffer(out);
    return out;
  }
}
