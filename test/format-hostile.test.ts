// Hostile containers (issue 11): header lengths near 2^31 and 2^32, inputs that sit inside a larger
// buffer with a secret before them, schema sections built to hurt, inputs that are not plain bytes.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, SavepackError, t } from '../src/index.ts';
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

test('header lengths near 2^31 and 2^32: a SavepackError, never bytes from before the input', () => {
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
});

test('payload and raw lengths near 2^31 and 2^32 are refused for every flag combination', () => {
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

test.run();
