// savepack WASM core: kernels over linear memory. Knows nothing of schemas.
// No imports (runtime stub, noAssert); the JS side owns the memory layout above scratchBase().

export { xxh64, xxh64Reset, xxh64Update, xxh64Digest, xxh64Verify } from './xxh64';
export { validateRecords, vectorBytes } from './validate';

/** First free byte after the module's static data, aligned to 64; JS places its buffers there. */
export function scratchBase(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}
