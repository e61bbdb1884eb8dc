// Buffers savepack allocated itself and hands to nobody else: an inflated payload, the bytes
// loadFile read. A decode of such a buffer may return t.typed / t.records as views into it instead
// of copies (API.md section 8 forbids aliasing the *caller's* input only). The mark is on the
// Uint8Array object itself, which never leaves savepack: a caller who wraps a decoded view's
// ArrayBuffer in a new Uint8Array and decodes that gets copies, as for any input of theirs.
// A view keeps the whole buffer alive, so only a region of at least 1/8 of the buffer is viewed
// (the memory a decoded value can pin stays within 8× its own size); smaller ones are copied.

const owned = new WeakSet<Uint8Array>();

/** Marks `bytes` as savepack's own (only when it spans its whole buffer: no one else's data shares it). */
export function ownBuffer(bytes: Uint8Array): void {
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength) owned.add(bytes);
}

/** Unmarks `bytes` (once the decode that owned it has returned). */
export function releaseBuffer(bytes: Uint8Array): void {
  owned.delete(bytes);
}

/** True when a value of `length` bytes read from `buf` may be a view into it instead of a copy. */
export function mayView(buf: Uint8Array, length: number): boolean {
  return length > 0 && length * 8 >= buf.byteLength && owned.has(buf);
}
