// savepack WASM core: kernels over linear memory. Knows nothing of schemas.

/** Copies `len` bytes from `src` to `dst` inside linear memory (memmove semantics). */
export function copy(dst: usize, src: usize, len: usize): void {
  memory.copy(dst, src, len);
}
