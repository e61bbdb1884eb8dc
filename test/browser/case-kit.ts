// Helpers of the core cases (test/browser/core-cases.ts): assertions that throw CaseFailure,
// digests of produced bytes, both codec paths of a schema, a PRNG. No test framework and no Node
// API here: only the package root (the pages bundle this).
import {
  codec, RecordArray, SavepackError,
  type Codec, type CodecOptions, type Infer, type Schema,
} from '../../src/index.ts';

/** The error a failing case throws. */
export class CaseFailure extends Error {
  override name = 'CaseFailure';
}

/** Fails the case with `message`. */
export function fail(message: string): never {
  throw new CaseFailure(message);
}

/** Fails the case with `message` unless `cond`. */
export function ok(cond: unknown, message: string): asserts cond {
  if (!cond) fail(message);
}

/** A canonical text of a value for deep comparison (Map, typed arrays, bigint, -0, NaN, RecordArray). */
export function show(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (typeof x === 'string') return JSON.stringify(x);
  if (x === null || typeof x !== 'object') return String(x);
  if (x instanceof RecordArray) return `RecordArray[${x.toArray().map(show).join(',')}]`;
  if (x instanceof Map) return `Map{${[...x].map(([k, v]) => `${show(k)}=>${show(v)}`).join(',')}}`;
  if (ArrayBuffer.isView(x)) {
    const items = Array.from(x as unknown as ArrayLike<number | bigint>, show);
    return `${x.constructor.name}[${items.join(',')}]`;
  }
  if (Array.isArray(x)) return `[${x.map(show).join(',')}]`;
  return `{${Object.keys(x).sort().map((k) => `${k}:${show((x as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** Fails the case unless `actual` and `expected` show the same (see show). */
export function equal(actual: unknown, expected: unknown, what: string): void {
  const a = show(actual), e = show(expected);
  if (a !== e) fail(`${what}: expected ${e.slice(0, 300)}, got ${a.slice(0, 300)}`);
}

/** The bytes as lowercase hex. */
export function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** Accumulates produced bytes into a short digest (length + FNV-1a 32). */
export class Digest {
  #h = 0x811c9dc5;
  #n = 0;
  add(b: Uint8Array): Uint8Array {
    let h = this.#h;
    for (let i = 0; i < b.length; i++) { h ^= b[i]!; h = Math.imul(h, 0x01000193); }
    h ^= b.length; h = Math.imul(h, 0x01000193);
    this.#h = h >>> 0;
    this.#n += b.length;
    return b;
  }
  toString(): string {
    return `${this.#n}:${(this.#h >>> 0).toString(16).padStart(8, '0')}`;
  }
}

/** The default codec (compiled where allowed) and the forced interpreter of one schema. */
export function pair<S extends Schema>(schema: S, opts: Partial<CodecOptions> = {}): [Codec<Infer<S>>, Codec<Infer<S>>] {
  const o: CodecOptions = { version: 0, ...opts };
  const auto = codec(schema, o);
  const interp = codec(schema, { ...o, compile: false });
  ok(!interp.compiled, 'codec(schema, { compile: false }) must use the interpreter');
  return [auto, interp];
}

/** Encodes with both paths (same bytes required), decodes with both, compares with `expected`. */
export function roundTrip<S extends Schema>(d: Digest, schema: S, value: unknown, opts: Partial<CodecOptions> = {}, decoded?: { as: unknown }): Uint8Array {
  const [auto, interp] = pair(schema, opts);
  const expected = decoded ? decoded.as : value;
  const a = auto.encode(value as never);
  const b = interp.encode(value as never);
  if (hex(a) !== hex(b)) fail(`compiled and interpreted bytes differ for ${show(value).slice(0, 80)}`);
  equal(auto.decode(a), expected, 'decode (default path)');
  equal(interp.decode(a), expected, 'decode (interpreter)');
  return d.add(a);
}

/** Runs `fn`, which must throw a SavepackError with `code` (and `path` when given). */
export function throwsCode(fn: () => unknown, code: string, what: string, path?: string | RegExp): SavepackError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  if (err === undefined) fail(`${what}: expected SavepackError ${code}, nothing was thrown`);
  if (!(err instanceof SavepackError)) fail(`${what}: expected SavepackError ${code}, got ${String(err)}`);
  if (err.code !== code) fail(`${what}: expected code ${code}, got ${err.code} (${err.message})`);
  if (path !== undefined && !(typeof path === 'string' ? err.path === path : path.test(err.path))) {
    fail(`${what}: expected path ${String(path)}, got '${err.path}' (${err.message})`);
  }
  return err;
}

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
