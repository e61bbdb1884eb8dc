// Bulk byte operations inside linear memory.

/** Copies `len` bytes from `src` to `dst` inside linear memory (memmove semantics). */
export function copy(dst: usize, src: usize, len: usize): void {
  memory.copy(dst, src, len);
}

/** Fills `len` bytes at `dst` with `value`. */
export function fill(dst: usize, value: u8, len: usize): void {
  memory.fill(dst, value, len);
}
