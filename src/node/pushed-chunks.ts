// A writer callback turned into an async iterable of chunks, so that bytes a caller pushes (a log
// upgrade's `fill(write)`) can go through the same file writer as bytes it hands over whole.

/** Pushes chunks through `write`; resolves when done. */
export type Fill = (write: (bytes: Uint8Array) => Promise<void>) => Promise<void>;

/**
 * The chunks `fill` writes, in order. `fill` starts on the first read; each `write` resolves once
 * the reader has taken its chunk and asked for the next (so the chunk has been used and may be
 * reused), and rejects when the reader stopped early. A rejection of `fill` ends the iteration
 * with that error. One reader; writes are expected one at a time (each awaited), but queue if not.
 */
export function pushedChunks(fill: Fill): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      const queue: { bytes: Uint8Array; taken: () => void; stopped: (e: Error) => void }[] = [];
      let held: (typeof queue)[number] | undefined; // handed to the reader, not yet released
      let reader: { resolve: (r: IteratorResult<Uint8Array>) => void; reject: (e: unknown) => void } | undefined;
      let end: { error?: unknown; failed: boolean } | undefined;
      let started = false, stopped = false;
      const release = () => { held?.taken(); held = undefined; };
      const settle = () => {
        if (!reader) return;
        const r = reader;
        const next = queue.shift();
        if (next) { reader = undefined; held = next; r.resolve({ value: next.bytes, done: false }); }
        else if (end) { reader = undefined; if (end.failed) r.reject(end.error); else r.resolve({ value: undefined, done: true }); }
      };
      const write = (bytes: Uint8Array): Promise<void> => new Promise((taken, reject) => {
        if (stopped) return reject(new Error('the chunks are no longer read'));
        queue.push({ bytes, taken, stopped: reject });
        settle();
      });
      return {
        next() {
          release();
          if (!started) {
            started = true;
            fill(write).then(() => { end = { failed: false }; settle(); }, (error: unknown) => { end = { error, failed: true }; settle(); });
          }
          return new Promise((resolve, reject) => { reader = { resolve, reject }; settle(); });
        },
        async return() {
          stopped = true;
          const e = new Error('the chunks are no longer read');
          held?.stopped(e);
          held = undefined;
          for (const q of queue.splice(0)) q.stopped(e);
          return { value: undefined, done: true };
        },
      };
    },
  };
}
