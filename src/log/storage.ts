// What a log needs of the place it lives in (a Node file, an OPFS file): positioned reads, an
// append-only write at the end, truncation of a torn tail, a durability barrier, and an atomic
// replacement of the whole file (upgrade). Adapters: node/log-file.ts, browser/log-opfs.ts.

/** The storage under a log. Every failure is a SavepackError (adapters wrap their own errors as `IO`). */
export interface LogStorage {
  /** The name shown in messages (a path, an OPFS name). */
  readonly name: string;
  /** The current size in bytes. */
  size(): Promise<number>;
  /** Up to `length` bytes from `offset` (fewer only at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Writes `bytes` at `offset` (the current end of the log). */
  write(offset: number, bytes: Uint8Array): Promise<void>;
  /** Cuts the file to `size` bytes. */
  truncate(size: number): Promise<void>;
  /** Makes every write so far durable (fsync). */
  sync(): Promise<void>;
  /**
   * Replaces the whole file atomically by one whose bytes are the concatenation of `chunks`, read
   * one at a time (a temporary + rename where the storage allows; an error the iteration throws
   * leaves the old file); afterwards this storage reads and writes the new file.
   */
  replace(chunks: AsyncIterable<Uint8Array>): Promise<void>;
  /** Releases the file. */
  close(): Promise<void>;
}
