// Buffers that an encode fills completely before it hands them out. Where the platform offers
// memory without zeroing it first (Node's Buffer.allocUnsafeSlow, looked up on globalThis: nothing
// is imported, and elsewhere this is `new Uint8Array(n)`), a large encode skips a pass over its
// output: an 8 MB allocate + copy took 0.50-0.61 ms instead of 0.70-0.85 (three processes each).
// Safe because every byte an encoder hands out is written, padding included (Writer.align writes
// zeros), as the codec's reused scratch writer already requires; test/encode-buffers.test.ts
// encodes every case into buffers filled with garbage and compares.

/** Makes a plain Uint8Array of `n` bytes that owns its whole ArrayBuffer. */
type Alloc = (n: number) => Uint8Array;

const NODE_BUFFER = (globalThis as { Buffer?: { allocUnsafeSlow?: unknown } }).Buffer;
const UNZEROED = typeof NODE_BUFFER?.allocUnsafeSlow === 'function' ? (NODE_BUFFER.allocUnsafeSlow as (n: number) => Uint8Array).bind(NODE_BUFFER) : undefined;

function platform(n: number): Uint8Array {
  if (UNZEROED === undefined) return new Uint8Array(n);
  const b = UNZEROED(n);
  // A plain Uint8Array over the Buffer's own ArrayBuffer (allocUnsafeSlow never pools: offset 0, exactly n bytes).
  return b.byteOffset === 0 && b.buffer.byteLength === n ? new Uint8Array(b.buffer, 0, n) : new Uint8Array(n);
}

let alloc: Alloc = platform;

/** A plain Uint8Array of `n` bytes owning its whole ArrayBuffer, contents unspecified: the caller must write every byte it hands out. */
export function freshBytes(n: number): Uint8Array {
  return alloc(n);
}

/** Test-only (not exported from the package): replaces the allocation; undefined restores the platform's. */
export function setFreshBytes(f: Alloc | undefined): void {
  alloc = f ?? platform;
}
