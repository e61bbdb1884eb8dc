// One fuzz input at a time: make it from (seed, index), decode it with the compiled and the
// interpreted codec, and check that only SavepackError escapes, that the decode is fast, that memory
// growth stays within a small multiple of the input, and that whatever decodes re-encodes.

import { getHeapStatistics } from 'node:v8';
import { SavepackError, type Codec } from '../../src/index.ts';
import { cases, codecsOf, variants, type FuzzCase } from './schemas.ts';
import { mutate, type Mutated } from './mutate.ts';
import { targeted, TARGETED } from './hostile.ts';
import { canaryBroken, canaryInText, canaryInValue, pickPlace, pooled, sameValue, type Pool, type PoolPlace } from './pooled.ts';
import { Rng } from './rng.ts';
import { randomValue } from './values.ts';

/** Kinds of failure. */
export type FailureKind = 'escape' | 'slow' | 'memory' | 'hang' | 'oom' | 'crash' | 'seed' | 'roundtrip' | 'reencode' | 'canary';

/** One failed check, with everything needed to reproduce it. */
export interface Failure {
  kind: FailureKind;
  seed: number;
  index: number;
  case: string;
  variant: string;
  /** 'compiled' | 'interpreted' | 'encoder' | '-' */
  path: string;
  how: string;
  error: string;
  input: Uint8Array;
}

/** Counters of a run. */
export interface Stats {
  inputs: number;
  decodes: number;
  /** Decodes from the middle of a larger buffer with a canary around the input (pooled mode). */
  pooled: number;
  decodedOk: number;
  skipped: number;
  codes: Record<string, number>;
  maxMs: number;
  maxMsAt: string;
  memChecks: number;
  /** Largest (memory growth during a decode) / (effective input bytes), over inputs of at least 64 KiB (below that, fixed costs dominate). */
  peakRatio: number;
  peakRatioAt: string;
  /** Largest memory growth seen at all, in bytes. */
  peakGrowth: number;
  peakGrowthAt: string;
}

export const emptyStats = (): Stats => ({
  inputs: 0, decodes: 0, pooled: 0, decodedOk: 0, skipped: 0, codes: {}, maxMs: 0, maxMsAt: '', memChecks: 0,
  peakRatio: 0, peakRatioAt: '', peakGrowth: 0, peakGrowthAt: '',
});

/** Adds `b` into `a`. */
export function mergeStats(a: Stats, b: Stats): Stats {
  a.inputs += b.inputs; a.decodes += b.decodes; a.pooled += b.pooled; a.decodedOk += b.decodedOk; a.skipped += b.skipped; a.memChecks += b.memChecks;
  for (const [k, v] of Object.entries(b.codes)) a.codes[k] = (a.codes[k] ?? 0) + v;
  if (b.maxMs > a.maxMs) { a.maxMs = b.maxMs; a.maxMsAt = b.maxMsAt; }
  if (b.peakRatio > a.peakRatio) { a.peakRatio = b.peakRatio; a.peakRatioAt = b.peakRatioAt; }
  if (b.peakGrowth > a.peakGrowth) { a.peakGrowth = b.peakGrowth; a.peakGrowthAt = b.peakGrowthAt; }
  return a;
}

/** Bounds the checks enforce. */
export interface Bounds {
  /** A decode slower than this fails ('slow'). */
  slowMs: number;
  /** Memory growth allowed: `ratio` × effective input size + `slack` bytes. */
  memRatio: number;
  memSlack: number;
}

/**
 * A decode of these inputs (at most a few hundred KiB) takes well under 10 ms; 250 ms is a
 * generous margin for a loaded machine, yet far below what a decode looping over a huge declared
 * length takes. Memory: decoded JS values are bigger than their bytes (a struct ~40 bytes, an empty
 * Map or Uint8Array ~200 bytes for 1 byte on disk), hence the ratio of 64 for these schemas, plus a
 * fixed slack for the codec's zero-size allowance: 65,536 values of a zero-size type (empty structs:
 * ~10 MB), built twice when a failing compiled decode is re-run by the interpreter for the path.
 */
export const defaultBounds: Bounds = { slowMs: 250, memRatio: 64, memSlack: 32 << 20 };

/** An input made from (seed, index). */
export interface Made {
  c: FuzzCase;
  variant: (typeof variants)[number];
  version: number;
  base?: Uint8Array;
  m?: Mutated;
  /** Where the input sits in a larger canary-filled buffer when it is decoded in pooled mode. */
  place?: PoolPlace;
  /** Set when the seed file could not be made (counted as skipped or a 'seed' failure). */
  seedError?: unknown;
}

/** Valid files per (case, variant, version) that inputs start from; each is made once from the seed. */
export const POOL = 24;
const pool = new Map<string, Uint8Array | Error>();

/** Seed file `k` of (case, variant, version) for run `seed`: deterministic, made on first use. */
function seedFile(seed: number, ci: number, vi: number, version: number, k: number, small = false): Uint8Array | Error {
  const key = `${ci}/${vi}/${version}/${k}/${small}`;
  let f = pool.get(key);
  if (!f) {
    const c = cases[ci]!;
    const rng = new Rng(seed, (((ci * 64 + vi) * 16 + version) * 64 + k) * 2 + (small ? 1 : 0) + 0x40000000);
    try {
      f = codecsOf(c, variants[vi]!).encoder.encode(randomValue(c.schema, c.version, rng, small ? { ...c.sizes, nodes: 3, maxLen: 4 } : c.sizes), { version });
    } catch (e) {
      f = e instanceof Error ? e : new Error(String(e));
    }
    pool.set(key, f);
  }
  return f;
}

/** Makes input `index` of run `seed`. Deterministic: the same (seed, index) always gives the same bytes. */
export function makeInput(seed: number, index: number): Made {
  const rng = new Rng(seed, index);
  const ci = rng.int(cases.length), vi = rng.int(variants.length);
  const c = cases[ci]!, variant = variants[vi]!;
  const version = rng.chance(0.6) ? c.version : rng.int(c.version + 1);
  const made: Made = { c, variant, version };
  const base = seedFile(seed, ci, vi, version, rng.int(POOL));
  if (base instanceof Error) {
    made.seedError = base;
    return made;
  }
  made.base = base;
  const oci = rng.int(cases.length), ovi = rng.int(variants.length);
  const other = seedFile(seed, oci, ovi, cases[oci]!.version, rng.int(POOL), true);
  const k = rng.float();
  made.m = k < TARGETED.schema ? targeted(rng, base, 'schema')
    : k < TARGETED.schema + TARGETED.header ? targeted(rng, base, 'header')
    : mutate(rng, base, other instanceof Error ? base : other);
  // Pooled mode for some inputs (most of the header wrap-arounds, which aim before the input).
  const pr = new Rng(seed ^ 0x600d, index);
  if (pr.chance(made.m.how.startsWith('header-wrap') ? 0.8 : 0.15)) made.place = pickPlace(pr);
  return made;
}

const heap = () => {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory;
};

/** Effective size of an input for the memory bound: its length, plus the declared inflated size when it is deflated. */
function effectiveSize(b: Uint8Array): number {
  if (b.length < 32 || !((b[10]! >> 2) & 3)) return b.length;
  return b.length + new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(24, true);
}

/** Decodes `input` again (the same bytes in a pool with the other pattern); describes how the outcome differs from (ok, value, message), or undefined. */
function sameOutcome(codec: Codec<unknown>, input: Uint8Array, ok: boolean, value: unknown, message: string): string | undefined {
  let ok2 = false, value2: unknown, message2 = '';
  try {
    value2 = codec.decode(input);
    ok2 = true;
  } catch (e) {
    message2 = e instanceof SavepackError ? `${e.message} (path ${e.path})` : `not a SavepackError: ${String(e)}`;
  }
  if (ok !== ok2) return ok ? `decoded, then failed: ${message2.slice(0, 300)}` : `failed (${message.slice(0, 300)}), then decoded`;
  if (!ok) return message === message2 ? undefined : `${message.slice(0, 300)} / ${message2.slice(0, 300)}`;
  return sameValue(value, value2) ? undefined : 'the decoded values differ';
}

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 6).join('\n') ?? ''}` : String(e));

/** Runs the checks for fuzz inputs; collects stats and failures. */
export class Engine {
  stats = emptyStats();
  constructor(readonly seed: number, readonly bounds: Bounds = defaultBounds, readonly skipCases = new Set<string>()) {}

  /** Runs input `index`; returns its failures (usually none). */
  run(index: number): Failure[] {
    const made = makeInput(this.seed, index);
    const { c, variant } = made;
    const fail = (kind: FailureKind, path: string, error: unknown, input: Uint8Array, how = made.m?.how ?? '-'): Failure => ({
      kind, seed: this.seed, index, case: c.name, variant: variant.name, path, how, error: describe(error), input,
    });
    if (this.skipCases.has(c.name)) {
      this.stats.skipped++;
      return [];
    }
    if (made.seedError !== undefined) {
      // A SavepackError here is a legitimate refusal (e.g. a downgrade that has no way back).
      if (made.seedError instanceof SavepackError) {
        this.stats.skipped++;
        return [];
      }
      this.stats.inputs++;
      return [fail('seed', 'encoder', made.seedError, new Uint8Array(0), 'encoding the random seed value')];
    }
    this.stats.inputs++;
    const out: Failure[] = [];
    const pair = codecsOf(c, variant);
    const base = made.base!;
    const rng = new Rng(this.seed ^ 0x5eed, index);

    // The unmutated file must load (unless the variant's limits are tighter than the value), and
    // at the current version re-encode to the same bytes.
    if (rng.chance(0.05) && !variant.opts.limits) {
      for (const [path, codec] of [['compiled', pair.compiled], ['interpreted', pair.interpreted]] as const) {
        try {
          const v = codec.decode(base);
          if (made.version === c.version) {
            const again = pair.encoder.encode(v);
            if (again.length !== base.length || again.some((x, i) => x !== base[i])) out.push(fail('roundtrip', path, 'decode then encode changed the bytes', base, 'unmutated'));
          }
        } catch (e) {
          out.push(fail('roundtrip', path, e, base, 'unmutated'));
        }
      }
    }

    const input = made.m!.bytes;
    const how = made.place ? `${made.m!.how} [pooled: byteOffset ${made.place.pre}, ${made.place.post} canary bytes after]` : made.m!.how;
    for (const [path, codec] of [['compiled', pair.compiled], ['interpreted', pair.interpreted]] as const) {
      const pool = made.place ? pooled(input, made.place) : undefined;
      const f = this.decodeOne(codec, pool ? pool.view : input, `${c.name}/${variant.name}/${path}#${index}`, pool);
      if (f) out.push(fail(f.kind, path, f.error, input, how));
    }
    return out;
  }

  /** Decodes once with the checks (and, given the pool `input` sits in, the canary checks); returns what failed. */
  decodeOne(codec: Codec<unknown>, input: Uint8Array, at: string, pool?: Pool): { kind: FailureKind; error: unknown } | undefined {
    const s = this.stats;
    s.decodes++;
    if (pool) s.pooled++;
    const m0 = heap();
    const t0 = performance.now();
    let value: unknown;
    let ok = false;
    let escaped: unknown;
    let message = '';
    try {
      value = codec.decode(input);
      ok = true;
    } catch (e) {
      if (e instanceof SavepackError) {
        s.codes[e.code] = (s.codes[e.code] ?? 0) + 1;
        message = `${e.message} (path ${e.path})`;
      } else escaped = e;
    }
    let ms = performance.now() - t0;
    const growth = heap() - m0; // (the decoded value is still alive here, so it is counted)
    if (escaped !== undefined) return { kind: 'escape', error: escaped };
    if (pool) {
      const broken = canaryBroken(pool);
      if (broken) return { kind: 'canary', error: `decode wrote outside its input: ${broken}` };
      const inValue = ok ? canaryInValue(value) : undefined;
      if (inValue) return { kind: 'canary', error: `bytes from before/after the input came back in the decoded value: ${inValue}` };
      const inMessage = canaryInText(message);
      if (inMessage) return { kind: 'canary', error: `bytes from before/after the input came back in the error message (${JSON.stringify(inMessage)}): ${message.slice(0, 500)}` };
      const differs = sameOutcome(codec, pooled(input, pool.place, true).view, ok, value, message);
      if (differs) return { kind: 'canary', error: `the same input decoded with other bytes around it gave another result, so decode read outside its input: ${differs}` };
    }
    {
      s.memChecks++;
      const size = effectiveSize(input);
      if (size >= 65536 && growth / size > s.peakRatio) { s.peakRatio = growth / size; s.peakRatioAt = `${at} (${input.length} bytes)`; }
      if (growth > s.peakGrowth) { s.peakGrowth = growth; s.peakGrowthAt = `${at} (${input.length} bytes)`; }
      if (growth > this.bounds.memRatio * size + this.bounds.memSlack) {
        return { kind: 'memory', error: `decode grew memory by ${(growth / 1e6).toFixed(1)} MB for an input of ${input.length} bytes (effective ${size}); bound ${this.bounds.memRatio}x + ${this.bounds.memSlack >> 20} MB` };
      }
    }
    if (ms > this.bounds.slowMs) {
      // A loaded machine can stall any thread for a while: only a decode that is slow every time counts.
      const first = ms;
      for (let i = 0; i < 2 && ms > this.bounds.slowMs; i++) {
        const t1 = performance.now();
        try {
          codec.decode(input);
        } catch {
          // same outcome as above
        }
        ms = Math.min(ms, performance.now() - t1);
      }
      if (ms > this.bounds.slowMs) return { kind: 'slow', error: `decode took ${first.toFixed(0)} ms for ${input.length} bytes (fastest of 3: ${ms.toFixed(0)} ms)` };
    }
    if (ms > s.maxMs) { s.maxMs = ms; s.maxMsAt = `${at} (${input.length} bytes)`; }
    if (ok) {
      s.decodedOk++;
      try {
        codec.encode(value);
      } catch (e) {
        return { kind: 'reencode', error: e };
      }
    }
    return undefined;
  }
}
