/// <reference types="node" preserve="true" />
// How saveFile gets a file's bytes: through the codec's encodeStream when it has one (the bytes
// are `encode`'s for every uncompressed file and for compressed payloads under 1 MiB), handed to
// the file as chunks when the file is STREAM_SAVE_MIN bytes or more, else gathered in one buffer
// (a small save is one write). Progress is reported as bytes are handed over (codec/progress.ts).

import { throttleProgress } from '../codec/progress.ts';
import { declaredLength, HEADER_SIZE } from '../format/header.ts';

/** Files of at least this many bytes are written chunk by chunk, never held whole. */
export const STREAM_SAVE_MIN = 4 << 20;

/** What a codec that can stream offers saveFile and loadFile. */
export interface StreamCodec<T> {
  /** The file of `value` as a stream whose first chunk is the whole header and schema section (every savepack codec). */
  encodeStream(value: T, opts?: { version?: number }): ReadableStream<Uint8Array>;
  /** The value of a file read from a stream. */
  decodeStream(stream: ReadableStream<Uint8Array>): Promise<T>;
}

/** A save's bytes: one buffer, or chunks (with the file's length either way). */
export interface SaveBytes {
  /** The whole file, or its chunks in order. */
  data: Uint8Array | AsyncIterable<Uint8Array>;
  /** The file's length. */
  total: number;
  /** Reports progress (`done` bytes written); the stream of chunks reports by itself. */
  report: (done: number) => void;
}

/** The bytes of a save: from the codec's stream when it has one (a bad value throws at the call), else from `encode`. */
export async function saveBytes<T>(codec: { encode(value: T, opts?: { version?: number }): Uint8Array } & Partial<StreamCodec<T>>, value: T, version: number | undefined, onProgress?: (done: number, total: number) => void): Promise<SaveBytes> {
  const opts = version === undefined ? undefined : { version };
  if (typeof codec.encodeStream !== 'function') {
    const data = codec.encode(value, opts);
    return { data, total: data.length, report: throttleProgress(data.length, onProgress) };
  }
  return streamBytes(codec.encodeStream(value, opts), onProgress);
}

/** The bytes of a file from its stream. */
async function streamBytes(stream: ReadableStream<Uint8Array>, onProgress?: (done: number, total: number) => void): Promise<SaveBytes> {
  const reader = stream.getReader();
  const first = await reader.read();
  if (first.done || first.value.length < HEADER_SIZE) throw new Error('encodeStream gave no header');
  const head = first.value;
  const total = declaredLength(head);
  const report = throttleProgress(total, onProgress);
  if (total < STREAM_SAVE_MIN) {
    const all = new Uint8Array(total);
    let at = 0;
    for (let r: ReadableStreamReadResult<Uint8Array> = first; !r.done; r = await reader.read()) { all.set(r.value, at); at += r.value.length; }
    return { data: all, total, report };
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let done = 0;
    try {
      for (let r: ReadableStreamReadResult<Uint8Array> = first; !r.done; r = await reader.read()) {
        yield r.value;
        done += r.value.length;
        report(done);
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }
  return { data: chunks(), total, report };
}
