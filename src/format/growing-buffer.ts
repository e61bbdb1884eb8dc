// A buffer for bytes of a declared size that arrive bit by bit (an inflated payload, a streamed
// payload): allocated as they arrive, so a header that merely claims a large size costs nothing
// until the bytes really come, and never grown past the declared size.

/** How a {@link GrowingBuffer} grows toward its declared size. */
export interface Growth {
  /** Bytes allocated up front (at most the declared size). */
  initial: number;
  /** Once the bytes need 1/`whole` of the declared size or more, the buffer takes all of it; below, it doubles. */
  whole: number;
}

/**
 * Bytes arriving in pieces: 64 KiB up front, doubling under 1/8 of the declared size, then all of
 * it. A header that lies costs at most 8x the bytes really sent; a true one at most 1.25x the size
 * while growing (the last old buffer is <= 1/4 of it).
 */
export const STREAMED: Growth = { initial: 1 << 16, whole: 8 };

/** A buffer of a declared size, grown as bytes are added. */
export class GrowingBuffer {
  /** The buffer; its first `fill` bytes are the bytes added. */
  buf: Uint8Array;
  /** Bytes added so far. */
  fill = 0;

  /** A buffer for at most `size` bytes, grown as `growth` says. */
  constructor(readonly size: number, readonly growth: Growth = STREAMED) {
    this.buf = new Uint8Array(Math.min(size, growth.initial));
  }

  /** Appends `b` (the caller never passes more than `size` bytes in all). */
  add(b: Uint8Array): void {
    const need = this.fill + b.length;
    if (need > this.buf.length) {
      const next = new Uint8Array(need * this.growth.whole >= this.size ? this.size : Math.min(this.size, Math.max(this.buf.length * 2, need)));
      next.set(this.buf.subarray(0, this.fill));
      this.buf = next;
    }
    this.buf.set(b, this.fill);
    this.fill = need;
  }

  /** The bytes added (the whole buffer once full). */
  result(): Uint8Array {
    return this.buf.subarray(0, this.fill);
  }
}
