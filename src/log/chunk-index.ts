// The in-memory index of a log's chunks: for each, its byte offset, payload length, sequence
// number and the running count of items (records, or 1 per chunk) before it, in growable typed
// arrays (a 10M-record log of 1,000-record chunks is 10k entries, ~320 KB).

import type { ChunkHead } from './format.ts';

/** Offsets, payload lengths, sequence numbers and cumulative item counts of a log's chunks. */
export class ChunkIndex {
  #offset = new Float64Array(64);
  #payload = new Float64Array(64);
  #seq = new Float64Array(64);
  /** #start[i]: items before chunk i; #start[count]: all items. */
  #start = new Float64Array(65);
  #count = 0;

  /** Number of chunks indexed. */
  get count(): number {
    return this.#count;
  }

  /** Items (records, or chunks) in all indexed chunks. */
  get items(): number {
    return this.#start[this.#count]!;
  }

  /** Adds a chunk at `offset` with a payload of `payload` bytes, sequence `seq`, holding `items` items. */
  push(offset: number, payload: number, seq: number, items: number): void {
    const n = this.#count;
    if (n === this.#offset.length) this.#grow(n * 2);
    this.#offset[n] = offset;
    this.#payload[n] = payload;
    this.#seq[n] = seq;
    this.#start[n + 1] = this.#start[n]! + items;
    this.#count = n + 1;
  }

  /** Forgets the last chunk. */
  pop(): void {
    if (this.#count > 0) this.#count--;
  }

  /** Byte offset of chunk `i`. */
  offset(i: number): number {
    return this.#offset[i]!;
  }

  /** Payload length of chunk `i`. */
  payload(i: number): number {
    return this.#payload[i]!;
  }

  /** Sequence number of chunk `i` (its position among every chunk ever appended, damaged ones included). */
  seq(i: number): number {
    return this.#seq[i]!;
  }

  /** Items before chunk `i`. */
  start(i: number): number {
    return this.#start[i]!;
  }

  /** Items in chunk `i`. */
  itemsIn(i: number): number {
    return this.#start[i + 1]! - this.#start[i]!;
  }

  /** Whether `h` (a header read back from the file) is the data chunk header the index holds for chunk `i`. */
  holds(i: number, h: ChunkHead | undefined): boolean {
    return h !== undefined && !h.index && h.payload === this.payload(i) && h.seq === this.seq(i) && h.items === this.itemsIn(i);
  }

  /** The chunk holding item `k` (0 <= k < items): binary search over the running counts. */
  find(k: number): number {
    let lo = 0, hi = this.#count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.#start[mid]! <= k) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  #grow(cap: number): void {
    const grow = (a: Float64Array, n: number) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.#offset = grow(this.#offset, cap);
    this.#payload = grow(this.#payload, cap);
    this.#seq = grow(this.#seq, cap);
    this.#start = grow(this.#start, cap + 1);
  }
}
