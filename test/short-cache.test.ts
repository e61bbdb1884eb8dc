// The compiled decoder's short-string cache and inline one-byte counts (issue 13): a string seen
// a second time is served from the cache, and nothing the cache remembers can make a later decode
// accept bytes the interpreter refuses or return another string. Every case runs the compiled and
// the interpreted codec and compares values or error codes.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, SavepackError, t } from '../src/index.ts';

const S = t.struct('sc.Strs', { a: t.vec(t.string) });
const compiled = codec(S, { version: 0, frame: 'none' });
const interp = codec(S, { version: 0, frame: 'none', compile: false });

function both(bytes: Uint8Array): unknown {
  const run = (c: typeof compiled) => { try { return { v: c.decode(bytes) }; } catch (e) { return { e: e instanceof SavepackError ? e.code : String(e) }; } };
  const a = run(compiled), b = run(interp);
  assert.equal(a, b);
  return a;
}

/** Every cached length (2..16), ASCII, a few of them non-ASCII, repeated so each is seen 3+ times. */
const words: string[] = [];
for (let n = 2; n <= 16; n++) words.push('qwertyuiopasdfghjkl'.slice(0, n), 'é'.repeat(n >> 1) + 'z'.repeat(n & 1), 'x'.repeat(n - 1) + '\u007f');
const repeated = [...words, ...words, ...words, ...words];

test('repeated short strings come back equal on every sighting (first, second, cached)', () => {
  const bytes = compiled.encode({ a: repeated });
  for (let round = 0; round < 3; round++) assert.equal(both(bytes), { v: { a: repeated } });
});

test('a cached string whose bytes are later damaged is refused, not served from the cache', () => {
  const good = compiled.encode({ a: repeated });
  both(good);
  both(good); // now cached
  for (const w of ['qwertyuiopasdfgh', 'qwert', 'qw']) {
    const i = repeated.lastIndexOf(w);
    // Find the last occurrence's bytes: its length byte then the bytes themselves.
    const enc = new TextEncoder().encode(w);
    let at = -1;
    for (let p = good.length - enc.length; p > 0; p--) if (good[p - 1] === enc.length && enc.every((b, j) => good[p + j] === b)) { at = p; break; }
    assert.ok(at > 0 && i >= 0, w);
    for (const k of [0, enc.length - 1]) {
      for (const byte of [0x80, 0xc3, 0xff]) {
        const bad = good.slice();
        bad[at + k] = byte;
        assert.equal(both(bad), { e: 'INVALID_DATA' }, `${w}: byte ${k} = ${byte}`);
      }
      // A valid change gives the changed string, not the cached one.
      const other = good.slice();
      other[at + k] = 0x21;
      const r = both(other) as { v: { a: string[] } };
      assert.is(r.v.a[i], w.slice(0, k) + '!' + w.slice(k + 1));
    }
  }
});

test('strings ending within 16 bytes of the input end, and inside a larger shared buffer', () => {
  const v = { a: [...Array.from({ length: 30 }, (_, i) => 'pad' + i), 'abcdefgh', 'abcdefgh', 'xy', 'abcdefghijklmnop'] };
  const bytes = compiled.encode(v);
  for (let r = 0; r < 3; r++) assert.equal(both(bytes), { v });
  // The same payload at an odd offset of a larger buffer whose bytes around it are not ASCII.
  const big = new Uint8Array(bytes.length + 41).fill(0xff);
  big.set(bytes, 17);
  const view = big.subarray(17, 17 + bytes.length);
  for (let r = 0; r < 3; r++) assert.equal(both(view), { v });
});

test('inline one-byte counts: every count 0..127 and counts past the bytes left agree with the interpreter', () => {
  const L = t.struct('sc.Lists', { a: t.vec(t.u32), b: t.vec(t.string) });
  const c = codec(L, { version: 0, frame: 'none' });
  const ci = codec(L, { version: 0, frame: 'none', compile: false });
  const run = (k: typeof c, b: Uint8Array) => { try { return { v: k.decode(b) }; } catch (e) { return { e: e instanceof SavepackError ? e.code : String(e) }; } };
  for (let n = 0; n < 128; n += 7) {
    const v = { a: Array.from({ length: n }, (_, i) => i * 65537), b: Array.from({ length: n }, (_, i) => 's' + i) };
    const bytes = c.encode(v);
    assert.equal(run(c, bytes), { v });
    assert.equal(run(ci, bytes), { v });
    for (const cut of [1, 2, 5]) {
      if (bytes.length - cut < 1) continue;
      const short = bytes.subarray(0, bytes.length - cut);
      const a = run(c, short), b = run(ci, short);
      assert.equal(a, b, `n ${n} cut ${cut}`);
      assert.ok('e' in a);
    }
  }
  // A count byte declaring more items than bytes remain: TRUNCATED before any allocation.
  const lie = new Uint8Array([127, 0, 0, 0, 0, 0]);
  assert.equal(run(c, lie), run(ci, lie));
  assert.equal(run(c, lie), { e: 'TRUNCATED' });
});

test('a tight maxLength refuses a one-byte count above it, as the interpreter does', () => {
  const L = t.struct('sc.L', { a: t.vec(t.u8) });
  const opts = { version: 0, frame: 'none', limits: { maxLength: 3 } } as const;
  const c = codec(L, opts), ci = codec(L, { ...opts, compile: false });
  const bytes = new Uint8Array([4, 1, 2, 3, 4]);
  for (const k of [c, ci]) {
    try { k.decode(bytes); assert.unreachable('decoded'); } catch (e) { assert.instance(e, SavepackError); assert.is((e as SavepackError).code, 'LIMIT_EXCEEDED'); }
  }
  assert.equal(c.decode(new Uint8Array([3, 1, 2, 3])), { a: [1, 2, 3] });
});

test.run();
