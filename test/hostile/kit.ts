// Tools to build the hostile corpus: valid files of the corpus schemas, header surgery, payloads
// written by hand, and the large inputs generated at test time instead of being committed.

import { codec, encodeSchema, schemaAt, type CodecOptions } from '../../src/index.ts';
import { build, reseal } from '../fuzz/container.ts';
import { varint } from '../fuzz/mutate.ts';
import { SCHEMAS } from './schemas.ts';

export { varint };

/** What decoding a corpus file must produce. */
export type Expect =
  | { code: string; path?: string }
  | { ok: true; digest: string }
  /** A correct decode or any SavepackError (inputs whose outcome the contract leaves open). */
  | { ok: true; digest: string; orError: true }
  /** A correct decode or a SavepackError of this code (a documented limit may refuse it). */
  | { ok: true; digest: string; orCode: string }
  | { anyError: true };

/** How the input is handed to decode (item 8 of issue 11): default a plain Uint8Array. */
export type InputKind = 'bytes' | 'arraybuffer' | 'dataview' | 'proxy' | 'detached';

/** One manifest entry. */
export interface Entry {
  /** File name in test/hostile/ (absent for generated inputs). */
  file?: string;
  /** Name of a generator in GENERATORS (inputs too large to commit). */
  generate?: string;
  /** Schema name in SCHEMAS. */
  schema: string;
  /** Codec options besides the schema's version (checksum, compress, limits, requireChecksum...). */
  options: Partial<CodecOptions> & Record<string, unknown>;
  /** Also decode from inside a larger buffer, canary bytes before and after it. */
  offset: boolean;
  input?: InputKind;
  expect: Expect;
  /** What the file attacks (issue 11 item). */
  note: string;
}

/** A codec of a corpus schema (writer side: checksum and schema section as given). */
export function writer(name: string, o: Partial<CodecOptions> = {}, version?: number) {
  const s = SCHEMAS[name]!;
  return codec(s.schema, { version: version ?? s.version, ...o });
}

/** A valid file of `value` (an own copy). */
export function file(name: string, value: unknown, o: Partial<CodecOptions> = {}, version?: number): Uint8Array {
  return writer(name, o, version).encode(value as never, version === undefined ? undefined : { version }).slice();
}

/** A well-formed file of schema `name` at `version` around a hand-written payload. */
export function payloadFile(name: string, payload: ArrayLike<number>, o: { checksum?: boolean; version?: number } = {}): Uint8Array {
  const s = SCHEMAS[name]!;
  const v = o.version ?? s.version;
  const schema = encodeSchema(schemaAt(s.schema, v));
  const flags = 1 | (o.checksum === false ? 0 : 2);
  return build({ format: 1, flags, version: v, schema, raw: Uint8Array.from(payload) });
}

/** Sets the u32 at `at` (and re-seals the checksum when `seal`). */
export function setU32(b: Uint8Array, at: number, v: number, seal = true): Uint8Array {
  new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(at, v >>> 0, true);
  return seal ? reseal(b) : b;
}

/** Sets the u16 at `at` and re-seals. */
export function setU16(b: Uint8Array, at: number, v: number): Uint8Array {
  new DataView(b.buffer, b.byteOffset, b.byteLength).setUint16(at, v, true);
  return reseal(b);
}

/** `a` then `b`. */
export function cat(...parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** A schema-section string: varint length and UTF-8. */
export function str(s: string): number[] {
  const b = new TextEncoder().encode(s);
  return [...varint(b.length), ...b];
}

/** A schema section describing `struct name { f0: u8, f1: u8, ... }` with `n` empty-ish names (2-3 bytes per field). */
export function wideStruct(name: string, n: number): Uint8Array {
  const parts: number[] = [0x15, ...str(name), ...varint(n)];
  for (let i = 0; i < n; i++) parts.push(0x00, 0x02); // field name "" (varint 0), type u8
  return Uint8Array.from(parts);
}

/** A file with a foreign schema section `schema` (data version 0, checksum) and an empty payload. */
export function foreignSchemaFile(schema: Uint8Array): Uint8Array {
  return build({ format: 1, flags: 3, version: 0, schema, raw: new Uint8Array(0) });
}

// ---- number keys whose V8 hashes collide (issue 11 item 3) ------------------------------------
// V8 hashes Map keys without a seed: int32-valued numbers with ComputeUnseededHash, other doubles
// with ComputeLongHash of their bits. Both mixers are invertible, so we pick hashes with the same
// low 20 bits (the same bucket in every table up to 2^20 buckets) and invert them to keys.

const M64 = (1n << 64n) - 1n;
/** Inverse of x ^= x >>> s on `bits`-bit words. */
function unxorshift32(y: number, s: number): number {
  let x = y;
  for (let i = 0; i < 32; i += s) x = (y ^ (x >>> s)) >>> 0;
  return x >>> 0;
}
function unxorshift64(y: bigint, s: bigint): bigint {
  let x = y;
  for (let i = 0n; i < 64n; i += s) x = y ^ (x >> s);
  return x & M64;
}
/** Modular inverse of odd `a` mod 2^bits (Newton). */
function inv(a: bigint, bits: bigint): bigint {
  const m = (1n << bits) - 1n;
  let x = a;
  for (let i = 0; i < 6; i++) x = (x * (2n - a * x)) & m;
  return x;
}
/** Preimage of V8's ComputeUnseededHash before its 30-bit mask. */
function unUnseeded(h: number): number {
  let x = unxorshift32(h >>> 0, 16);
  x = Number((BigInt(x) * inv(2057n, 32n)) & 0xffffffffn);
  x = unxorshift32(x, 4);
  x = Number((BigInt(x) * inv(5n, 32n)) & 0xffffffffn);
  x = unxorshift32(x, 12);
  // x = ~k + (k << 15) = k * (2^15 - 1) - 1
  return Number(((BigInt(x) + 1n) * inv((1n << 15n) - 1n, 32n)) & 0xffffffffn);
}
/** Preimage of V8's ComputeLongHash (64-bit state). */
function unLong(h: bigint): bigint {
  let x = unxorshift64(h, 22n);
  x = (x * inv(65n, 64n)) & M64;
  x = unxorshift64(x, 11n);
  x = (x * inv(21n, 64n)) & M64;
  x = unxorshift64(x, 31n);
  return ((x + 1n) * inv((1n << 18n) - 1n, 64n)) & M64;
}

/** `n` distinct u32 keys (< 2^31) whose V8 hashes share their low 20 bits. */
export function collidingU32(n: number): number[] {
  const out: number[] = [];
  for (let hi = 0; out.length < n && hi < 1 << 12; hi++) {
    const k = unUnseeded((hi << 20) >>> 0);
    if (k < 2 ** 31) out.push(k);
  }
  return out;
}

/** `n` distinct non-integral finite f64 keys whose V8 hashes share their low 20 bits. */
export function collidingF64(n: number): number[] {
  const out: number[] = [];
  const dv = new DataView(new ArrayBuffer(8));
  for (let hi = 1n; out.length < n; hi++) {
    dv.setBigUint64(0, unLong(hi << 20n));
    const x = dv.getFloat64(0);
    if (Number.isFinite(x) && !Number.isInteger(x)) out.push(x);
  }
  return out;
}

/** A map payload (count, then key/value pairs) of the given keys with value = index & 0xff. */
export function mapPayload(keys: number[], key: 'u32' | 'f64'): Uint8Array {
  const size = key === 'u32' ? 4 : 8;
  const out = new Uint8Array(5 + keys.length * (size + 1));
  const dv = new DataView(out.buffer);
  const head = varint(keys.length);
  out.set(head);
  let at = head.length;
  keys.forEach((k, i) => {
    if (key === 'u32') dv.setUint32(at, k, true); else dv.setFloat64(at, k, true);
    at += size;
    out[at++] = i & 0xff;
  });
  return out.subarray(0, at);
}

/** Inputs generated at test time (too large to commit), by name. */
export const GENERATORS: Record<string, () => Uint8Array> = {
  // issue 11 item 2: push(...fields) overflowed the stack for ~123k fields (a 247 KB schema section)
  // (whether 123k arguments overflow depends on the stack in use; 250k always did)
  'wide-schema-123k': () => foreignSchemaFile(wideStruct('h.Wide', 123_000)),
  'wide-schema-250k': () => foreignSchemaFile(wideStruct('h.Wide', 250_000)),
};
