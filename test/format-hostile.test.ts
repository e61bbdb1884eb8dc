// Hostile containers (issue 11): header lengths near 2^31 and 2^32, inputs that sit inside a larger
// buffer with a secret before them, schema sections built to hurt, inputs that are not plain bytes.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, decodeSchema, diffSchema, SavepackError, t } from '../src/index.ts';
import { throwsCode } from './helpers/codecs.ts';

const enc = new TextEncoder();
/** A secret stored right before the input (and after it) in the same ArrayBuffer. */
const CANARY = enc.encode('CANARY#secret-7Q!');

/** `file` copied into the middle of a larger buffer, canaries on both sides. */
function pooled(file: Uint8Array): Uint8Array {
  const pad = CANARY.length * 4;
  const ab = new ArrayBuffer(pad + file.length + pad);
  const all = new Uint8Array(ab);
  for (let i = 0; i < pad; i++) all[i] = all[pad + file.length + i] = CANARY[i % CANARY.length]!;
  all.set(file, pad);
  return new Uint8Array(ab, pad, file.length);
}

/** Renderings of canary bytes a leak could show: text, and each 4-byte window as decimal and hex. */
const LEAKS: string[] = (() => {
  const out = new Set<string>([new TextDecoder().decode(CANARY.subarray(0, 6))]);
  for (let i = 0; i + 4 <= CANARY.length; i++) {
    const le = new DataView(CANARY.buffer, i, 4).getUint32(0, true);
    const be = new DataView(CANARY.buffer, i, 4).getUint32(0, false);
    for (const n of [le, be]) { out.add(String(n)); out.add(n.toString(16)); }
  }
  return [...out];
})();

/** Decodes `bytes` with `k`: must throw a SavepackError whose message shows no canary byte. */
function refused(k: { decode(b: Uint8Array): unknown }, bytes: Uint8Array, what: string): SavepackError {
  let out: unknown;
  try {
    out = k.decode(bytes);
  } catch (e) {
    if (!(e instanceof SavepackError)) throw new assert.Assertion({ message: `${what}: ${String(e)}` } as never);
    for (const s of LEAKS) assert.not.ok(e.message.includes(s), `${what}: message shows canary bytes (${s}): ${e.message}`);
    return e;
  }
  throw new assert.Assertion({ message: `${what}: decoded to ${JSON.stringify(out)}` } as never);
}

/** A 32-byte header. */
function header(flags: number, version: number, s: number, p: number, r: number): Uint8Array {
  const h = new Uint8Array(32);
  h.set(enc.encode('savepack'));
  const v = new DataView(h.buffer);
  v.setUint16(8, 1, true); v.setUint16(10, flags, true); v.setUint32(12, version, true);
  v.setUint32(16, s, true); v.setUint32(20, p, true); v.setUint32(24, r, true);
  return h;
}

const cat = (...parts: Uint8Array[]) => { const o = new Uint8Array(parts.reduce((n, p) => n + p.length, 0)); let at = 0; for (const p of parts) { o.set(p, at); at += p.length; } return o; };

/** Values of a u32 header field near 2^31 and 2^32 (and a few small ones). */
const NEAR = [
  ...Array.from({ length: 72 }, (_, i) => 0xffffffff - i),
  ...Array.from({ length: 72 }, (_, i) => 0x80000000 - 36 + i),
  ...Array.from({ length: 16 }, (_, i) => 0x7fffffe0 + i * 3),
  1, 7, 8, 9, 40, 0x10000,
];

test('header lengths (S, P, R) near 2^31 and 2^32: a SavepackError, never bytes from before the input', () => {
  // The attack: a schema section that is really there (the codec's own, 3 bytes for an
  // array of 43 u8) with a declared length that wraps the 32-bit payload start below the input.
  const limits = { maxBytes: 2 ** 32 };
  for (const compile of [true, false]) {
    for (const S of NEAR) {
      const start = (32 + S + 7) & ~7; // what 32-bit arithmetic made of it
      for (const stored of new Set([8, 43, 35 - start, 0x100000000 - S].filter((n) => n >= 0 && n <= 0xffffffff))) {
        const k = codec(t.array(t.u8, Math.min(stored, 4096)), { version: 0, limits, compile });
        const schema = new Uint8Array([0x10, ...(stored < 128 ? [stored] : [(Math.min(stored, 4096) & 0x7f) | 0x80, Math.min(stored, 4096) >> 7]), 0x02]);
        for (const flags of [1, 1 | 2, 1 | 4]) {
          refused(k, pooled(cat(header(flags, 0, S, stored, stored), schema)), `S=${S} P=${stored} flags=${flags} compile=${compile}`);
        }
      }
    }
  }
  // The payload and raw lengths, for every flag combination, around a payload that would show
  // canary bytes in an `unknown discriminant` message if it were read from the wrong place.
  const k = codec(t.struct('h.E', { e: t.enum('h.K', ['a'], { size: 'u32' }) }), { version: 0, schemaHeader: false, checksum: false, limits: { maxBytes: 2 ** 32 } });
  const payload = new Uint8Array([9, 9, 9, 9, 0, 0, 0, 0]);
  for (const n of NEAR) {
    for (const flags of [0, 2, 4, 6]) {
      refused(k, pooled(cat(header(flags, 0, 0, n, 4), payload)), `P=${n} flags=${flags}`);
      refused(k, pooled(cat(header(flags, 0, 0, 4, n), payload)), `R=${n} flags=${flags}`);
      refused(k, pooled(cat(header(flags, 0, 0, n, n), payload)), `P=R=${n} flags=${flags}`);
    }
  }
});

test('a valid file inside a larger buffer decodes (and typed views stay views into it)', () => {
  const S = t.struct('h.V', { a: t.u8, v: t.typed('f64') });
  const k = codec(S, { version: 0, views: true });
  const value = { a: 1, v: new Float64Array([1.5, -2]) };
  const file = k.encode(value);
  // Two placements: one where the payload's f64s are 8-aligned in memory, one where they are not.
  for (const shift of [0, 1]) {
    const ab = new ArrayBuffer(file.length + 64);
    const at = 16 + shift;
    new Uint8Array(ab).set(file, at);
    const back = k.decode(new Uint8Array(ab, at, file.length)) as typeof value;
    assert.equal(Array.from(back.v), [1.5, -2]);
    assert.is(back.v.buffer === ab, shift === 0, `shift ${shift}: view into the input iff aligned`);
  }
});

/** A file of data version 0 with schema section `section` and payload `payload` (no checksum). */
function withSection(section: Uint8Array, payload: Uint8Array): Uint8Array {
  const start = Math.ceil((32 + section.length) / 8) * 8;
  const f = new Uint8Array(start + payload.length);
  f.set(header(1, 0, section.length, payload.length, payload.length)); f.set(section, 32); f.set(payload, start);
  return f;
}
/** varint bytes */
const vi = (n: number): number[] => { const o: number[] = []; while (n >= 0x80) { o.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); } o.push(n); return o; };
/** A struct section: name, then `n` fields named `a` of type u8. */
function bigStruct(name: Uint8Array, n: number): Uint8Array {
  const head = [0x15, ...vi(name.length), ...name, ...vi(n)];
  const out = new Uint8Array(head.length + n * 3);
  out.set(head);
  for (let i = 0, at = head.length; i < n; i++, at += 3) { out[at] = 1; out[at + 1] = 0x61; out[at + 2] = 0x02; }
  return out;
}
const Pos = t.struct('game.Position', { x: t.u32, y: t.u32 });
const posPayload = new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]);

test('a schema section of 123k+ fields: SCHEMA_MISMATCH, never a RangeError (decodeSchema has no spread)', () => {
  const section = bigStruct(enc.encode('game.Position'), 130_000);
  for (const compile of [true, false]) {
    throwsCode(() => codec(Pos, { version: 0, compile }).decode(withSection(section, posPayload)), 'SCHEMA_MISMATCH', 'game.Position', /too large to describe/);
  }
  const s = decodeSchema(section) as unknown as { fields: unknown[] };
  assert.is(s.fields.length, 130_000);
  assert.match(diffSchema(s as never, Pos)!, "game.Position.x: field missing in file (u32 expected)");
});

test('a differing schema section is described only up to max(64 KiB, 16x the codec\'s own section)', () => {
  const k = codec(Pos, { version: 0 });
  // 20,000 fields (~60 KB): under the bound, described; 30,000 (~90 KB): over it, not parsed.
  const small = throwsCode(() => k.decode(withSection(bigStruct(enc.encode('game.Position'), 20_000), posPayload)), 'SCHEMA_MISMATCH');
  assert.match(small.message, "game.Position.x: field missing in file (u32 expected)");
  const large = throwsCode(() => k.decode(withSection(bigStruct(enc.encode('game.Position'), 30_000), posPayload)), 'SCHEMA_MISMATCH');
  assert.match(large.message, /schema section is 90\d{3} bytes, too large to describe/);
});

test('names from a file are escaped and cut in messages', () => {
  const evil = '\x1b[2J\u202e\nSCHEMA OK\r\x00', E = enc.encode(evil);
  const k = codec(Pos, { version: 0 });
  for (const section of [
    bigStruct(E, 2),
    new Uint8Array([0x15, ...vi(13), ...enc.encode('game.Position'), 2, ...vi(E.length), ...E, 0x04, 1, 0x79, 0x04]),
    new Uint8Array([0x15, ...vi(13), ...enc.encode('game.Position'), 2, 1, 0x78, 0x16, ...vi(E.length), ...E, 0, 1, ...vi(E.length), ...E, 0, 1, 0x79, 0x04]),
  ]) {
    const e = throwsCode(() => k.decode(withSection(section, posPayload)), 'SCHEMA_MISMATCH');
    assert.not.match(e.message, /[\x00-\x09\x0b-\x1f\x7f\u202e]/, e.message);
    assert.not.ok(e.message.includes('\nSCHEMA OK'), e.message);
    assert.ok(e.message.includes('\\u{1b}[2J\\u{202e}\\u{a}SCHEMA OK\\u{d}\\u{0}'), e.message);
  }
  const long = 'n'.repeat(50_000);
  const e = throwsCode(() => k.decode(withSection(bigStruct(enc.encode(long), 1), posPayload)), 'SCHEMA_MISMATCH');
  assert.ok(e.message.length < 1000, `message of ${e.message.length} chars`);
  assert.match(e.message, '(50000 chars)');
});

test('inputs that are not plain bytes: a SavepackError or a correct decode, never a TypeError', () => {
  const k = codec(Pos, { version: 0 });
  const file = k.encode({ x: 1, y: 2 });
  const copy = () => { const ab = new ArrayBuffer(file.length); new Uint8Array(ab).set(file); return ab; };
  const detached = copy(); structuredClone(detached, { transfer: [detached] });
  const detachedView = new Uint8Array(copy()); structuredClone(detachedView.buffer, { transfer: [detachedView.buffer] });
  class Sub extends Uint8Array {}
  class Liar extends Uint8Array {
    override get byteOffset() { return -64; }
    override get byteLength() { return 1 << 20; }
    override get length() { return 1 << 20; }
  }
  const lying = new Liar(file.length); lying.set(file);
  const shadowed = new Uint8Array(file); Object.defineProperty(shadowed, 'buffer', { get() { throw new TypeError('no'); } });
  const dv = new DataView(copy());
  const odd = new Uint16Array(copy().slice(0, file.length & ~1)); // a whole file of even length viewed as u16
  const fails: unknown[] = [
    detached, detachedView, new Proxy(new Uint8Array(file), {}), new Proxy(copy(), {}),
    new Proxy(new Uint8Array(file), { get() { throw new TypeError('trap'); }, getPrototypeOf() { throw new TypeError('trap'); } }),
    Object.create(Uint8Array.prototype), Object.create(ArrayBuffer.prototype), { length: 40, 0: 0x73 }, Array.from(file),
    Symbol('x'), () => 1, 10n, true,
  ];
  for (const x of fails) throwsCode(() => k.decode(x as never), 'INVALID_DATA', undefined);
  // An own property that throws is the caller's own doing: a SavepackError is fine, so is the value.
  try { assert.equal(k.decode(shadowed), { x: 1, y: 2 }); } catch (e) { assert.instance(e, SavepackError); }
  const decodes: unknown[] = [Sub.from(file), lying, dv, copy(), Buffer.from(file)];
  if (file.length % 2 === 0) decodes.push(odd);
  if (typeof SharedArrayBuffer === 'function') { const sab = new SharedArrayBuffer(file.length); new Uint8Array(sab).set(file); decodes.push(sab); }
  for (const x of decodes) assert.equal(k.decode(x as never), { x: 1, y: 2 }, String((x as object).constructor?.name));
});


test('every byte of a schema section is compared: a flipped bit anywhere (sign bits of its 8-byte words included) is SCHEMA_MISMATCH', () => {
  const E = t.struct('game.Entity', { id: t.u32, name: t.string, pos: t.struct('game.V3', { x: t.f64, y: t.f64, z: t.f64 }), tags: t.vec(t.string), kind: t.enum('game.K', ['a', 'b', 'c']) });
  const k = codec(E, { version: 0, checksum: false });
  const file = k.encode({ id: 7, name: 'n', pos: { x: 1, y: 2, z: 3 }, tags: ['t'], kind: 'b' });
  const len = new DataView(file.buffer, file.byteOffset).getUint32(16, true);
  assert.ok(len >= 24, 'a section of several 8-byte words');
  for (let i = 32; i < 32 + len; i++) {
    for (const bit of [0x01, 0x80]) {
      const bad = file.slice();
      bad[i]! ^= bit;
      throwsCode(() => k.decode(bad), 'SCHEMA_MISMATCH');
    }
  }
  assert.equal(k.decode(file.slice()).pos, { x: 1, y: 2, z: 3 });
});

test('the trailer check at every size class (below, at and past the 16 KiB WASM staging chunk): a damaged body or trailer is CHECKSUM naming both hashes', () => {
  const k = codec(t.struct('h.Blob', { b: t.bytes }), { version: 0 });
  for (const n of [0, 1, 7, 100, 16 * 1024 - 200, 16 * 1024, 16 * 1024 + 3, 70_000]) {
    const b = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);
    const file = k.encode({ b });
    assert.equal(k.decode(file.slice()).b, b, `size ${n}`);
    for (const at of [32, file.length - 9, file.length - 8, file.length - 1]) {
      const bad = file.slice();
      bad[at]! ^= 0x10;
      // The trailer is checked before the schema section (FORMAT.md order): CHECKSUM wherever the damage is.
      const e = throwsCode(() => k.decode(bad), 'CHECKSUM');
      assert.match(e.message, /file says [0-9a-f]+, contents hash to [0-9a-f]+/);
    }
  }
});

test.run();
