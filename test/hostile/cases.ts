// The hostile corpus, case by case: how each file is made and what decoding it must produce
// (what a correct savepack produces, FORMAT.md "Checks a reader makes"). make.ts writes the files
// and manifest.json from this list once; the files, not this list, are the corpus afterwards.

import { RecordArray } from '../../src/index.ts';
import { build, reseal } from '../fuzz/container.ts';
import { cat, collidingF64, collidingU32, file, mapPayload, payloadFile, setU16, setU32, str, varint, writer } from './kit.ts';
import { Records } from './digest.ts';
import { BIG_DEFAULT } from './schemas.ts';
import type { InputKind } from './kit.ts';

/** What a case must produce: an error code (and path), a value, a value or any error, any error. */
export type CaseExpect = { code: string; path?: string } | { value: unknown; orError?: true; orCode?: string } | { anyError: true };

/** One corpus case before it is written. */
export interface Case {
  name: string;
  schema: string;
  options?: Record<string, unknown>;
  offset?: boolean;
  input?: InputKind;
  bytes: () => Uint8Array;
  expect: CaseExpect;
  note: string;
}

const POS = { x: 1, y: 2 };
const pos = (o: { checksum?: boolean } = {}) => file('pos', POS, o);
const T = (path?: string) => ({ code: 'TRUNCATED', ...(path ? { path } : {}) });
const BAD = (path?: string) => ({ code: 'INVALID_DATA', ...(path ? { path } : {}) });
const LIMIT = { code: 'LIMIT_EXCEEDED' };
const ones = (n: number, unit: number[]) => Array.from({ length: n }, () => unit).flat();
const proto = (json: string) => JSON.parse(json);
const schemaLen = (f: Uint8Array) => new DataView(f.buffer, f.byteOffset).getUint32(16, true);

/** Header cases: every u32 length near 2^31 and 2^32, with and without the checksum. */
function headerCases(): Case[] {
  const out: Case[] = [];
  for (const sum of [false, true]) {
    const tag = sum ? 'sum' : 'nosum';
    for (const n of [0xfffffff8, 0xffffffe0, 0xffffffd0, 0xffffffff, 0x7ffffff8, 0x80000000, 0x7fffffe0]) {
      out.push({
        name: `hdr-schema-len-${n.toString(16)}-${tag}`, schema: 'pos', offset: true, expect: T(),
        bytes: () => setU32(pos({ checksum: sum }), 16, n),
        note: 'item 1: a schema length near 2^31/2^32 wrapped the payload start to 0..24 or below the input',
      });
    }
    out.push({
      name: `hdr-schema-len-ffffffd0-fitted-${tag}`, schema: 'pos', offset: true, expect: T(),
      bytes: () => {
        // payload start wraps to -16; stored/raw chosen so the wrapped length check passes exactly
        const p = pos({ checksum: sum }), f = p.subarray(0, 32 + schemaLen(p)).slice();
        const g = sum ? cat(f, new Uint8Array(8)) : f;
        setU32(g, 16, 0xffffffd0, false);
        setU32(g, 20, f.length + 16, false);
        return setU32(g, 24, f.length + 16);
      },
      note: 'item 1: the 35-byte-file attack: payload start before the input, lengths made consistent with the wrap',
    });
    for (const n of [0xffffffff, 0xfffffff8, 0x80000000, 0x7fffffff]) {
      out.push({
        name: `hdr-stored-len-${n.toString(16)}-${tag}`, schema: 'pos', offset: true, expect: T(),
        bytes: () => { const f = pos({ checksum: sum }); setU32(f, 20, n, false); return setU32(f, 24, n); },
        note: 'item 1: payload length overflow',
      });
    }
  }
  out.push(
    { name: 'hdr-raw-len-ffffffff', schema: 'pos', offset: true, expect: LIMIT, bytes: () => setU32(pos(), 24, 0xffffffff), note: 'item 1: raw length wrapped (past maxBytes)' },
    { name: 'hdr-raw-len-80000000-deflate', schema: 'pos', options: { compress: 'deflate' }, offset: true, expect: LIMIT, bytes: () => setU32(file('pos', POS, { compress: 'deflate' }), 24, 0x80000000), note: 'item 1: raw length 2^31 of a deflated payload' },
    { name: 'hdr-raw-len-3fffffff-deflate', schema: 'pos', options: { compress: 'deflate' }, offset: true, expect: BAD(), bytes: () => setU32(file('pos', POS, { compress: 'deflate' }), 24, 0x3fffffff), note: 'item 1: raw length impossible for the deflated size' },
    { name: 'hdr-version-ffffffff', schema: 'pos', expect: { code: 'NEWER_VERSION' }, bytes: () => setU32(pos(), 12, 0xffffffff), note: 'data version 2^32-1' },
    { name: 'hdr-schema-len-without-flag', schema: 'pos', options: { schemaHeader: false, checksum: false }, expect: BAD(),
      bytes: () => { const f = file('pos', POS, { schemaHeader: false, checksum: false }); const g = cat(f.subarray(0, 32), new Uint8Array(8), f.subarray(32)); return setU32(g, 16, 8); },
      note: 'a schema length without the schema flag' },
    { name: 'require-checksum', schema: 'pos', options: { checksum: false, requireChecksum: true }, offset: true, expect: { code: 'CHECKSUM' }, bytes: () => pos({ checksum: false }), note: 'item 1: requireChecksum refuses a file without one' },
    { name: 'no-checksum-ok', schema: 'pos', options: { checksum: false }, offset: true, expect: { value: POS }, bytes: () => pos({ checksum: false }), note: 'a valid file without checksum decodes from any offset' },
    { name: 'bad-magic', schema: 'pos', expect: { code: 'BAD_MAGIC' }, bytes: () => { const f = pos(); f[0] = 0x53; return f; }, note: 'not a savepack file' },
    { name: 'format-version-2', schema: 'pos', expect: { code: 'UNSUPPORTED_FORMAT' }, bytes: () => setU16(pos(), 8, 2), note: 'container format 2' },
    { name: 'unknown-flag', schema: 'pos', expect: { code: 'UNSUPPORTED_FORMAT' }, bytes: () => setU16(pos(), 10, 0x13), note: 'reserved flag bit' },
    { name: 'reserved-nonzero', schema: 'pos', expect: { code: 'UNSUPPORTED_FORMAT' }, bytes: () => setU32(pos(), 28, 1), note: 'reserved word' },
    { name: 'checksum-flip', schema: 'pos', offset: true, expect: { code: 'CHECKSUM' }, bytes: () => { const f = pos(); f[f.length - 12]! ^= 1; return f; }, note: 'damaged payload' },
    { name: 'trailing-byte-nosum', schema: 'pos', options: { checksum: false }, expect: BAD(), bytes: () => cat(pos({ checksum: false }), [0]), note: 'bytes after the end' },
    { name: 'trailing-byte-sum', schema: 'pos', expect: { code: 'CHECKSUM' }, bytes: () => cat(pos(), [0]), note: 'bytes after the checksum' },
    { name: 'padding-nonzero', schema: 'pos', options: { checksum: false }, expect: BAD(), bytes: () => { const f = pos({ checksum: false }); f[32 + schemaLen(f)] = 1; return f; }, note: 'padding before the payload' },
    { name: 'trunc-5', schema: 'pos', expect: T(), bytes: () => pos().subarray(0, 5).slice(), note: 'truncated in the magic' },
    { name: 'trunc-20', schema: 'pos', expect: T(), bytes: () => pos().subarray(0, 20).slice(), note: 'truncated in the header' },
    { name: 'trunc-40', schema: 'pos', offset: true, expect: T(), bytes: () => pos().subarray(0, 40).slice(), note: 'truncated in the schema section' },
    { name: 'trunc-last-3', schema: 'pos', offset: true, expect: T(), bytes: () => { const f = pos(); return f.subarray(0, f.length - 3).slice(); }, note: 'truncated in the trailer' },
    { name: 'empty-input', schema: 'pos', expect: T(), bytes: () => new Uint8Array(0), note: 'zero bytes' },
    { name: 'other-schema', schema: 'string', expect: { code: 'SCHEMA_MISMATCH' }, bytes: () => pos(), note: 'a file of another schema' },
    { name: 'newer-data-version', schema: 'pos', expect: { code: 'NEWER_VERSION' }, bytes: () => file('pos', POS, {}, 3), note: 'a newer data version' },
    { name: 'control-chars-in-names', schema: 'pos', expect: { code: 'SCHEMA_MISMATCH' },
      bytes: () => build({ format: 1, flags: 3, version: 0, raw: Uint8Array.of(1, 0, 0, 0, 2, 0, 0, 0),
        schema: Uint8Array.from([0x15, ...str('h.Pos\x1b[2J\x07\x00'), 2, ...str('x\r\x1b[31m'), 4, ...str('y\u202e'), 4]) }),
      note: 'item 9: file-supplied names with control characters must be escaped in messages' },
  );
  return out;
}

/** Payload cases: declared lengths, bytes that are not what the schema allows, nesting. */
function payloadCases(): Case[] {
  const len = (name: string, schema: string, n: number, path: string, code = 'TRUNCATED'): Case => ({
    name, schema, offset: true, expect: { code, path }, bytes: () => payloadFile(schema, [...varint(n), 0, 0, 0, 0, 0, 0, 0, 0]),
    note: `item 1: declared length ${n} (${Math.log2(n + 1).toFixed(0)} bits) in a tiny file`,
  });
  const raw = (name: string, schema: string, payload: number[], expect: CaseExpect, note: string, o: Partial<Case> = {}): Case =>
    ({ name, schema, expect, bytes: () => payloadFile(schema, payload), note, ...o });
  return [
    len('string-len-2^31', 'string', 2 ** 31, 'h.Str.s'),
    len('string-len-2^32-1', 'string', 2 ** 32 - 1, 'h.Str.s'),
    len('bytes-len-2^32-1', 'bytes', 2 ** 32 - 1, 'h.Blob.data'),
    len('vec-f64-len-2^29', 'vec-f64', 2 ** 29, 'h.VecF64.v'),
    len('vec-f64-len-2^31', 'vec-f64', 2 ** 31, 'h.VecF64.v'),
    len('vec-f64-len-2^32-1', 'vec-f64', 2 ** 32 - 1, 'h.VecF64.v'),
    len('map-u32-len-2^31', 'map-u32', 2 ** 31, 'h.MapU32.m'),
    len('map-u32-len-2^32-1', 'map-u32', 2 ** 32 - 1, 'h.MapU32.m'),
    len('typed-f64-len-2^29', 'typed-f64', 2 ** 29, 'h.TypedF64.a'),
    len('typed-f64-len-2^31', 'typed-f64', 2 ** 31, 'h.TypedF64.a'),
    len('typed-f64-len-2^32-1', 'typed-f64', 2 ** 32 - 1, 'h.TypedF64.a'),
    len('records-len-2^29', 'records', 2 ** 29, 'h.Recs.r'),
    len('records-len-2^31', 'records', 2 ** 31, 'h.Recs.r'),
    raw('varint-2^32', 'string', [0x80, 0x80, 0x80, 0x80, 0x10], BAD('h.Str.s'), 'varint too large'),
    raw('varint-6-bytes', 'string', [0x81, 0x80, 0x80, 0x80, 0x80, 0x00], BAD('h.Str.s'), 'varint longer than 5 bytes'),
    raw('varint-overlong-2', 'string', [0x80, 0x00], BAD('h.Str.s'), 'overlong varint (zero)'),
    raw('varint-overlong-5', 'vec-f64', [0x80, 0x80, 0x80, 0x80, 0x00], BAD('h.VecF64.v'), 'overlong 5-byte varint'),
    raw('utf8-ff', 'string', [2, 0x61, 0xff], BAD('h.Str.s'), 'invalid UTF-8 byte'),
    raw('utf8-overlong', 'string', [2, 0xc0, 0x80], BAD('h.Str.s'), 'overlong UTF-8'),
    raw('utf8-surrogate', 'string', [3, 0xed, 0xa0, 0x80], BAD('h.Str.s'), 'UTF-8 encoded surrogate'),
    raw('utf8-cut', 'string', [2, 0xe2, 0x82], BAD('h.Str.s'), 'UTF-8 sequence cut by the string end'),
    raw('utf8-above-10ffff', 'string', [4, 0xf4, 0x90, 0x80, 0x80], BAD('h.Str.s'), 'code point above U+10FFFF'),
    raw('bool-2', 'flags', [2, 0, 0, 0], BAD('h.Flags.b'), 'bool byte 2'),
    raw('option-2', 'flags', [1, 2, 0, 0], BAD('h.Flags.o'), 'option byte 2'),
    raw('enum-7', 'flags', [1, 0, 7, 0], BAD('h.Flags.e'), 'unknown enum discriminant', { offset: true }),
    raw('union-9', 'flags', [0, 1, 5, 2, 9], BAD('h.Flags.u'), 'unknown union discriminant', { offset: true }),
    raw('flags-ok', 'flags', [1, 1, 5, 2, 1, 9], { value: { b: true, o: 5, e: 'blue', u: { kind: 'Circle', r: 9 } } }, 'valid bytes of every kind', { offset: true }),
    raw('leftover-byte', 'pos', [1, 0, 0, 0, 2, 0, 0, 0, 0], BAD(), 'a payload byte after the value'),
    raw('payload-short', 'pos', [1, 0, 0, 0, 2, 0, 0], T(), 'payload ends inside the value'),
    raw('deep-node-100', 'node', [...ones(100, [1, 1]), 1, 0], { value: nested(100) }, 'nesting within maxDepth'),
    raw('deep-node-300', 'node', [...ones(300, [1, 1]), 1, 0], LIMIT, 'nesting past maxDepth (256)'),
    raw('deep-node-20000', 'node', [...ones(20000, [1, 1]), 1, 0], LIMIT, 'nesting far past maxDepth'),
    raw('deep-expr-300', 'expr', [...ones(300, [1]), 0, 5], LIMIT, 'union nesting past maxDepth'),
    raw('deep-node-20000-maxdepth-1e9', 'node', [...ones(20000, [1, 1]), 1, 0], { value: nested(20000), orError: true }, 'nesting deeper than the JS stack may allow: a value or a SavepackError', { options: { limits: { maxDepth: 1e9 } } }),
  ];
}

/** A chain of `d` nested nodes. */
function nested(d: number): unknown {
  let n: unknown = { v: 1, next: undefined };
  for (let i = 0; i < d; i++) n = { v: 1, next: n };
  return n;
}

/** Allocation cases: zero-size floods, defaults and zero values, empty typed/records, crafted map keys, __proto__, deflate. */
function allocCases(): Case[] {
  const raw = (name: string, schema: string, payload: ArrayLike<number>, expect: CaseExpect, note: string, o: Partial<Case> = {}): Case =>
    ({ name, schema, expect, bytes: () => payloadFile(schema, payload), note, ...o });
  const u32 = collidingU32(2048), f64 = collidingF64(4096);
  const asMap = (keys: number[]) => new Map(keys.map((k, i) => [k, i & 0xff]));
  const zeros16 = new Uint8Array(16 << 20);
  return [
    raw('zero-vec-unit-2^31', 'vec-unit', varint(2 ** 31), LIMIT, 'item 4: zero-size flood'),
    raw('zero-vec-unit-2^32-1', 'vec-unit', varint(2 ** 32 - 1), LIMIT, 'item 4: zero-size flood'),
    raw('zero-vec-vec-unit', 'vec-vec-unit', [...varint(200), ...ones(200, varint(65536))], LIMIT, 'item 4: nested zero-size vectors multiply'),
    raw('zero-vec-array-unit', 'vec-array-unit', varint(10000), LIMIT, 'item 4: arrays of units (10M slots)'),
    raw('zero-empty-structs-1000', 'vec-empty-struct', varint(1000), { value: { u: Array.from({ length: 1000 }, () => ({})) } }, 'a modest number of zero-size items decodes'),
    { name: 'empty-typed-4096', schema: 'vec-typed', expect: { value: { v: Array.from({ length: 4096 }, () => new Uint8Array(0)) } }, bytes: () => file('vec-typed', { v: Array.from({ length: 4096 }, () => new Uint8Array(0)) }), note: 'item 5: empty typed items are linear' },
    { name: 'empty-records-4096', schema: 'vec-records', expect: { value: { v: Array.from({ length: 4096 }, () => new Records([])) } }, bytes: () => file('vec-records', { v: Array.from({ length: 4096 }, () => new RecordArray(writer('pos').schema as never)) }), note: 'item 5: empty records items are linear' },
    { name: 'map-u32-colliding-keys', schema: 'map-u32', expect: { value: { m: asMap(u32) }, orCode: 'LIMIT_EXCEEDED' }, bytes: () => payloadFile('map-u32', mapPayload(u32, 'u32')), note: 'item 3: u32 keys whose V8 hashes collide (decode, or refuse by a documented limit)' },
    { name: 'map-f64-colliding-keys', schema: 'map-f64', expect: { value: { m: asMap(f64) }, orCode: 'LIMIT_EXCEEDED' }, bytes: () => payloadFile('map-f64', mapPayload(f64, 'f64')), note: 'item 3: f64 keys whose V8 hashes collide (decode, or refuse by a documented limit)' },
    raw('proto-struct', 'proto-struct', [5, 0, 0, 0, 6], { value: proto('{"__proto__": 5, "x": 6}') }, 'item 6: a field named __proto__'),
    raw('proto-records', 'proto-records', [2, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0], { value: { r: new Records([proto('{"__proto__": 5, "y": 6}'), proto('{"__proto__": 7, "y": 8}')]) } }, 'item 6: RecordArray.get() of a __proto__ member'),
    raw('proto-zero-v0', 'proto-zero', [3], { value: proto('{"a": 3, "inner": {"__proto__": 0, "k": 0}}') }, 'item 6: the zero value of a struct with a __proto__ member', { bytes: () => payloadFile('proto-zero', [3], { version: 0 }) }),
    raw('proto-default-v0', 'proto-default', [3], { value: proto('{"a": 3, "inner": {"__proto__": 7, "k": 8}}') }, 'item 6: a default with a __proto__ member', { bytes: () => payloadFile('proto-default', [3], { version: 0 }) }),
    raw('proto-union-tag', 'proto-union', [0, 9], { value: { u: proto('{"__proto__": "A", "x": 9}') } }, "item 6: a union with tag '__proto__'"),
    raw('proto-union-tag-unit', 'proto-union', [1], { value: { u: proto('{"__proto__": "B"}') } }, "item 6: a unit variant with tag '__proto__'"),
    { name: 'default-flood-v0', schema: 'bag-default', expect: LIMIT, bytes: () => payloadFile('bag-default', varint(20000), { version: 0 }), note: 'item 4: a tiny version-0 file; each item gets a 1000-element default', offset: true },
    { name: 'default-small-v0', schema: 'bag-default', expect: { value: { items: Array.from({ length: 3 }, () => ({ big: [...BIG_DEFAULT] })) } }, bytes: () => payloadFile('bag-default', varint(3), { version: 0 }), note: 'item 4: a few defaults decode' },
    { name: 'zero-value-flood-v0', schema: 'bag-zero', expect: LIMIT, bytes: () => payloadFile('bag-zero', varint(20000), { version: 0 }), note: 'item 4: each version-0 item gets a 1000-element zero array' },
    { name: 'zero-value-small-v0', schema: 'bag-zero', expect: { value: { items: Array.from({ length: 2 }, () => ({ big: new Array(1000).fill(0) })) } }, bytes: () => payloadFile('bag-zero', varint(2), { version: 0 }), note: 'item 4: a few zero values decode' },
    { name: 'deflate-trailing-garbage', schema: 'pos', options: { compress: 'deflate' }, offset: true, expect: BAD(), bytes: () => deflated((z) => cat(z, [0xde, 0xad, 0xbe, 0xef])), note: 'item 9: bytes after the end of the deflate stream' },
    { name: 'deflate-short', schema: 'pos', options: { compress: 'deflate' }, expect: BAD(), bytes: () => setU32(file('pos', POS, { compress: 'deflate' }), 24, 9), note: 'deflate data shorter than the declared raw length' },
    { name: 'deflate-corrupt', schema: 'pos', options: { compress: 'deflate' }, expect: BAD(), bytes: () => deflated(() => Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), note: 'not deflate data' },
    { name: 'deflate-bomb-honest', schema: 'bytes', options: { compress: 'deflate', limits: { maxBytes: 1 << 20 } }, expect: LIMIT, bytes: () => file('bytes', { data: zeros16 }, { compress: 'deflate' }), note: '16 MiB of zeros, header honest, maxBytes 1 MiB' },
    { name: 'deflate-bomb-lying', schema: 'bytes', options: { compress: 'deflate' }, expect: LIMIT, bytes: () => setU32(file('bytes', { data: zeros16 }, { compress: 'deflate' }), 24, 512 << 10), note: '16 MiB of zeros, header claims 512 KiB' },
  ];
}

/** A deflated file of POS whose stored payload is `edit(deflate stream)`. */
function deflated(edit: (z: Uint8Array) => Uint8Array): Uint8Array {
  const f = file('pos', POS, { compress: 'deflate' });
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const start = 32 + ((v.getUint32(16, true) + 7) & ~7);
  const z = f.subarray(start, start + v.getUint32(20, true));
  const stored = edit(z.slice());
  const out = cat(f.subarray(0, start), stored, new Uint8Array(8));
  setU32(out, 20, stored.length, false);
  return reseal(out);
}

/** Inputs that are not plain bytes (item 8). */
function inputCases(): Case[] {
  const ok = { value: POS, orError: true as const };
  return (['arraybuffer', 'dataview', 'proxy'] as const).map((input): Case => ({ name: `input-${input}`, schema: 'pos', input, expect: ok, bytes: () => pos(), note: `item 8: a valid file as ${input}` }))
    .concat([{ name: 'input-detached', schema: 'pos', input: 'detached', expect: { anyError: true }, bytes: () => pos(), note: 'item 8: a detached ArrayBuffer' }]);
}

/** Every case, in corpus order. */
export function allCases(): Case[] {
  return [...headerCases(), ...payloadCases(), ...allocCases(), ...inputCases()];
}
