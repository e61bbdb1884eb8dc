// The writer behind encodeStream: the payload is kept as a list of pieces instead of one growing
// buffer. Blocks the writer fills are sealed and a new one begun (never copied to grow); byte
// arrays of the value of at least REF_BYTES (t.bytes, t.typed, t.records bulk data) are not
// copied at all, only viewed. So the encoded payload is never held whole: what is held is the
// non-bulk part (bounded by the value's own memory) plus views of the value's large arrays.

import { Writer } from '../wire/writer.ts';

/** Byte arrays of at least this many bytes are referenced, not copied. */
export const REF_BYTES = 1 << 16;

const TYPED = Object.getPrototypeOf(Uint8Array.prototype) as object;
const get = (k: string) => Object.getOwnPropertyDescriptor(TYPED, k)!.get! as (this: unknown) => unknown;
const BUFFER = get('buffer'), OFFSET = get('byteOffset'), LENGTH = get('byteLength');

/** A Writer that keeps its output as sealed blocks and views of large byte arrays (see above). */
export class PieceWriter extends Writer {
  /** The payload so far, in order (call {@link seal} first). */
  readonly pieces: Uint8Array[] = [];
  /** Start in `buf` of the bytes not yet sealed into a piece. */
  #mark = 0;

  /** A writer whose blocks are `block` bytes (larger when one write needs more). */
  constructor(readonly block: number) {
    super(Math.min(block, 1 << 12));
  }

  /** Seals the bytes written since the last seal as a piece. */
  seal(): void {
    if (this.pos > this.#mark) this.pieces.push(this.buf.subarray(this.#mark, this.pos));
    this.#mark = this.pos;
  }

  /** Seals what is written and begins a new block with room for `n` bytes. */
  override grow(n: number): void {
    this.seal();
    // Alignment counts from the payload start: keep `pos - base` as the payload offset.
    this.base -= this.pos;
    const size = Math.max(Math.min(this.block, this.buf.length * 2), n);
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
    this.pos = this.origin = this.#mark = 0;
  }

  /** Writes `b`: a view of it when large, else a copy. */
  override bytes(b: Uint8Array): void {
    const n = LENGTH.call(b) as number;
    if (n < REF_BYTES) { super.bytes(b); return; }
    this.seal();
    this.pieces.push(new Uint8Array(BUFFER.call(b) as ArrayBuffer, OFFSET.call(b) as number, n));
    this.base -= n;
  }
}
