// Loads the embedded WASM core lazily and synchronously on first use, owns its memory layout,
// and records why WASM is not used when it is not.
//
// Memory layout (bytes of linear memory; only JS grows it, views are re-made after a grow):
//   [0, scratchBase)           the module's static data
//   [staging, +stagingBytes)   where input chunks are copied to (STAGING_CHUNK at a time to
//                              validate, HASH_CHUNK to hash)
//   [plan, ...)                the current validation plan (see validate-plan.ts)

import { SCALAR_WASM_BASE64, SIMD_WASM_BASE64 } from './core-bytes.ts';
import { decodeBase64 } from './base64.ts';

/**
 * Bytes copied into WASM memory per kernel call for large inputs (a multiple of 32, the XXH64
 * stripe). Copying and then hashing or validating a chunk that is still in L1/L2 beats one big
 * copy; on 8 MiB (interleaved best-of-40 runs, Xeon, Node 20) copy + validate ran at 21.7 GB/s
 * with 16 KiB chunks, 20.0 with 64 KiB and 20.3 with 128 KiB; XXH64 was flat (9.7-9.9 GB/s).
 */
export const STAGING_CHUNK = 16 * 1024;

/**
 * Bytes copied into WASM memory per XXH64 call (a multiple of 32). Every chunk is copied through a
 * new view of the input (`subarray`), and those small allocations made V8 promote the caller's
 * large buffers and run ~5x as many full GCs in a loop of 8 MB encodes (test: 38 against 7
 * mark-compacts in 350 calls); with 256 KiB (32 views per 8 MB, not 512) a checksummed 8 MB
 * encode took 1.67-1.78 ms a call against 2.28-2.54 with 16 KiB, and its decode 1.59-1.69
 * against 2.00-2.33 (bench/cputime.ts, two processes each).
 */
export const HASH_CHUNK = 256 * 1024;

/** The functions the WASM core exports (assembly/index.ts). */
export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  scratchBase(): number;
  xxh64(ptr: number, len: number, seed: bigint): bigint;
  xxh64Reset(seed: bigint): void;
  xxh64Update(ptr: number, len: number): void;
  xxh64Digest(ptr: number, len: number, total: bigint): bigint;
  /** 1 when XXH64 (seed 0) of [ptr, ptr + len) equals the little-endian u64 at ptr + len, else 0. */
  xxh64Verify(ptr: number, len: number): number;
  validateRecords(data: number, count: number, stride: number, plan: number): number;
  vectorBytes(): number;
}

/** A live WASM core and its memory layout. */
export interface Core {
  readonly exports: CoreExports;
  readonly simd: boolean;
  /** Vector width the validation plans are built for: 16 (SIMD) or 8 (scalar SWAR). */
  readonly vectorBytes: number;
  /** The whole linear memory; re-created by ensureMemory after a grow. */
  bytes: Uint8Array;
  readonly staging: number;
  stagingBytes: number;
  /** Start of the plan area (right after the staging area). */
  plan: number;
  /** The plan bytes now in memory at `plan`, or null. */
  loadedPlan: Uint8Array | null;
}

let core: Core | null | undefined;
let failure: string | undefined;
let instantiateMs = 0;
let forceScalar = false;

const PAGE = 65536;
const align = (n: number, a: number) => Math.ceil(n / a) * a;

function instantiate(): Core | null {
  const WA = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (WA === undefined || typeof WA.Module !== 'function') {
    failure = 'WebAssembly is not available in this environment';
    return null;
  }
  const t0 = typeof performance !== 'undefined' ? performance.now() : 0;
  try {
    let bytes: Uint8Array<ArrayBuffer> = decodeBase64(SIMD_WASM_BASE64);
    let simd = true;
    if (forceScalar || !WA.validate(bytes)) {
      bytes = decodeBase64(SCALAR_WASM_BASE64);
      simd = false;
    }
    const module = new WA.Module(bytes);
    // The core is built without imports (runtime stub, noAssert); supply an abort just in case.
    const imports: WebAssembly.Imports = WA.Module.imports(module).length === 0 ? {} : {
      env: { abort: () => { throw new Error('savepack WASM core aborted'); } },
    };
    const instance = new WA.Instance(module, imports);
    const exports = instance.exports as unknown as CoreExports & { _initialize?: () => void };
    exports._initialize?.();
    const staging = align(exports.scratchBase(), 64);
    // Self-test (also catches engines without BigInt <-> i64 at the JS boundary, which only
    // fail when called): XXH64 of the empty input.
    if (BigInt.asUintN(64, exports.xxh64(staging, 0, 0n)) !== 0xef46db3751d8e999n) throw new Error('self-test gave a wrong XXH64');
    const c: Core = {
      exports, simd, vectorBytes: exports.vectorBytes(), bytes: new Uint8Array(exports.memory.buffer),
      staging, stagingBytes: STAGING_CHUNK, plan: staging + STAGING_CHUNK, loadedPlan: null,
    };
    ensureMemory(c, STAGING_CHUNK, 16 * 1024); // reserve up front
    instantiateMs = typeof performance !== 'undefined' ? performance.now() - t0 : 0;
    return c;
  } catch (e) {
    // E.g. a browser CSP without 'wasm-unsafe-eval', or an engine refusing synchronous compiles.
    failure = `WebAssembly failed to load: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    return null;
  }
}

/** The WASM core, instantiated on first call; null when WebAssembly is unavailable or failed. */
export function getCore(): Core | null {
  if (core === undefined) core = instantiate();
  return core;
}

/** The WASM core, or throws (for the raw *Wasm kernels) with the reason it is unavailable. */
export function requireCore(): Core {
  const c = getCore();
  if (c === null) throw new Error(`savepack WASM core unavailable: ${failure}`);
  return c;
}

/** Why the WASM core is unavailable (after a failed load), else undefined. */
export function coreFailure(): string | undefined {
  return failure;
}

/** Milliseconds the first instantiation took (decode + compile + instantiate), 0 before. */
export function coreInstantiateMs(): number {
  return instantiateMs;
}

/** Makes room for `stagingBytes` of input and a `planBytes` plan; grows memory from JS only. */
export function ensureMemory(c: Core, stagingBytes: number, planBytes: number): void {
  if (stagingBytes > c.stagingBytes) {
    c.stagingBytes = align(stagingBytes, PAGE);
    c.plan = c.staging + c.stagingBytes;
    c.loadedPlan = null;
  }
  const need = c.plan + planBytes;
  // Fast path: `bytes` is re-made on every grow, and only this function grows the memory.
  if (need <= c.bytes.byteLength) return;
  const mem = c.exports.memory;
  if (need > mem.buffer.byteLength) mem.grow(Math.ceil((need - mem.buffer.byteLength) / PAGE));
  c.bytes = new Uint8Array(mem.buffer);
}

/**
 * Forgets the loaded core so the next use loads again (tests: e.g. after deleting WebAssembly);
 * `scalar: true` makes that load skip the SIMD build, as on an engine without SIMD.
 */
export function resetCore(opts: { scalar?: boolean } = {}): void {
  forceScalar = opts.scalar === true;
  core = undefined;
  failure = undefined;
  instantiateMs = 0;
}
