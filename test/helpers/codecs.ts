// Shared test helpers: a compiled and an interpreted codec of the same schema, a round trip that
// checks both write the same bytes and read back the value, and error assertions.

import * as assert from 'uvu/assert';
import { codec, RecordArray, SavepackError, type CodecOptions, type Schema } from '../../src/index.ts';

/** The compiled and the interpreted codec of `schema`. */
export function both(schema: Schema, opts: Partial<CodecOptions> = {}) {
  const o = { version: 0, ...opts };
  const compiled = codec(schema, { ...o, compile: true });
  const interpreted = codec(schema, { ...o, compile: false });
  assert.ok(compiled.compiled, 'compiled codec should compile under Node');
  assert.not.ok(interpreted.compiled);
  return { compiled, interpreted };
}

/** Normalises values for deep comparison: RecordArray → array of records, -0 kept visible. */
export function norm(x: unknown): unknown {
  if (x instanceof RecordArray) return { records: x.toArray().map(norm) };
  if (typeof x === 'number' && Object.is(x, -0)) return '-0';
  if (Array.isArray(x)) return x.map(norm);
  if (ArrayBuffer.isView(x)) return { [x.constructor.name]: hex(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)) };
  if (x instanceof Map) return new Map([...x].map(([k, v]) => [norm(k), norm(v)]));
  if (x && typeof x === 'object' && !ArrayBuffer.isView(x)) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, norm(v)]));
  }
  return x;
}

/** Encodes with both paths, asserts identical bytes and a faithful decode by both; returns the bytes. */
export function roundTrip(schema: Schema, value: unknown, opts: Partial<CodecOptions> = {}, ...expect: [unknown?]): Uint8Array {
  const expected = expect.length ? expect[0] : value;
  const { compiled, interpreted } = both(schema, opts);
  const a = compiled.encode(value as never);
  const b = interpreted.encode(value as never);
  assert.equal(hex(a), hex(b), 'compiled and interpreted bytes differ');
  assert.equal(norm(compiled.decode(a)), norm(expected));
  assert.equal(norm(interpreted.decode(a)), norm(expected));
  return a;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of bytes (Node's Buffer when there is one: ~50x faster on the suite's 100 KB+ files). */
export function hex(b: Uint8Array): string {
  if (typeof Buffer === 'function') return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
  const out = new Array<string>(b.length);
  for (let i = 0; i < b.length; i++) out[i] = HEX[b[i]!]!;
  return out.join('');
}

/** Asserts `fn` throws a SavepackError with `code` (and `path`, and a message matching `msg`, when given). */
export function throwsCode(fn: () => unknown, code: string, path?: string, msg?: RegExp): SavepackError {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof SavepackError)) throw new assert.Assertion({ message: `expected SavepackError ${code}, got ${String(e)}`, operator: 'throws' } as any);
    assert.is(e.code, code, `code (message: ${e.message})`);
    if (path !== undefined) assert.is(e.path, path, `path (message: ${e.message})`);
    if (msg) assert.match(e.message, msg);
    return e;
  }
  throw new assert.Assertion({ message: `expected SavepackError ${code}, nothing thrown`, operator: 'throws' } as any);
}

/** Both codec paths throw the same code and path for `fn`. */
export function bothThrow(schema: Schema, opts: Partial<CodecOptions>, fn: (c: ReturnType<typeof codec>) => unknown, code: string, path?: string, msg?: RegExp): void {
  const { compiled, interpreted } = both(schema, opts);
  throwsCode(() => fn(compiled), code, path, msg);
  throwsCode(() => fn(interpreted), code, path, msg);
}
