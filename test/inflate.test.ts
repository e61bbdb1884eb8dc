// The one inflater behind decode (whole payload) and decodeStream (payload in pieces): both refuse
// the same damaged deflate payloads with the same codes and messages (expanding past the declared
// size, cut short, expanding to less than declared, bytes after the end of the deflate stream).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, SavepackError, t } from '../src/index.ts';
import { GrowingBuffer, STREAMED } from '../src/format/growing-buffer.ts';

const S = t.struct('z.Inflate', { b: t.bytes });
const z = codec(S, { version: 0, compress: 'deflate', checksum: false });
const value = { b: Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7) & 0x3f) };
const file = z.encode(value);
const view = (f: Uint8Array) => new DataView(f.buffer, f.byteOffset, f.length);
const stored = view(file).getUint32(20, true);
const raw = view(file).getUint32(24, true);

/** `bytes` as a stream of pieces of `size` bytes. */
function streamOf(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({ pull(c) { if (at >= bytes.length) return c.close(); c.enqueue(bytes.slice(at, at + size)); at += size; } });
}

/** The code and message a failure carries ('ok' for none). */
function outcome(e: unknown): string {
  return e === undefined ? 'ok' : e instanceof SavepackError ? `${e.code} | ${e.message}` : `not a SavepackError: ${String(e)}`;
}

/** What decode and decodeStream (in pieces of each size) make of `f`; all must agree. */
async function refusal(f: Uint8Array, sizes = [1000, 65536, f.length]): Promise<string> {
  let whole: unknown;
  try { z.decode(f); } catch (e) { whole = e; }
  for (const size of sizes) {
    let streamed: unknown;
    try { await z.decodeStream(streamOf(f, size)); } catch (e) { streamed = e; }
    assert.is(outcome(streamed), outcome(whole), `decodeStream in pieces of ${size} bytes`);
  }
  return outcome(whole);
}

/** A copy of the file with the u32 at `at` set to `v`. */
function withU32(f: Uint8Array, at: number, v: number): Uint8Array {
  const c = f.slice();
  view(c).setUint32(at, v, true);
  return c;
}

test('the intact file decodes to the value, whole and in pieces', async () => {
  assert.is(await refusal(file), 'ok');
  assert.equal(z.decode(file), value);
});

test('a payload expanding past its declared size (a bomb, a header one byte short): LIMIT_EXCEEDED', async () => {
  for (const declared of [1000, raw - 1]) {
    assert.match(await refusal(withU32(file, 24, declared)), new RegExp(`^LIMIT_EXCEEDED \\| .*compressed payload expands past its declared size ${declared}$`));
  }
});

test('a payload inflating to less than declared: INVALID_DATA naming both sizes', async () => {
  assert.match(await refusal(withU32(file, 24, raw + 1)), new RegExp(`^INVALID_DATA \\| .*deflate payload expands to ${raw} bytes, header declares ${raw + 1}$`));
});

test('a deflate stream cut short inside the stored payload: INVALID_DATA', async () => {
  for (const k of [1, 5, stored >> 1]) {
    const cut = withU32(file.subarray(0, file.length - k), 20, stored - k);
    assert.match(await refusal(cut), /^INVALID_DATA \| .*corrupt deflate payload/);
  }
});

test('bytes after the end of the deflate stream: INVALID_DATA with their count (stream in one piece)', async () => {
  for (const extra of [1, 3, 5000]) {
    const f = new Uint8Array(file.length + extra);
    f.set(file);
    f.fill(0x5a, file.length);
    view(f).setUint32(20, stored + extra, true);
    assert.match(await refusal(f, [f.length]), new RegExp(`^INVALID_DATA \\| .*: ${extra} bytes after the end of the deflate stream, inside the stored payload$`));
    // In smaller pieces the message counts the piece's share; the code is the same.
    assert.match(outcome(await z.decodeStream(streamOf(f, 1000)).then(() => undefined, (e: unknown) => e)), /^INVALID_DATA \| .*: \d+ bytes after the end of the deflate stream/);
  }
});

test('the growing output: exact bytes, never past the declared size, at most 8x the bytes sent (streamed) or 2x (whole)', () => {
  const piece = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
  for (const [growth, factor] of [[STREAMED, 8], [{ initial: 1 << 16, whole: 1 }, 2]] as const) {
    const size = 10_000_000;
    const g = new GrowingBuffer(size, growth);
    for (let sent = 0; sent < 3_000_000; sent += piece.length) {
      g.add(piece);
      assert.ok(g.buf.length <= size && g.buf.length <= Math.max(1 << 16, factor * g.fill), `${g.buf.length} bytes for ${g.fill} sent`);
    }
    const exact = new GrowingBuffer(2500, growth);
    for (let i = 0; i < 3; i++) exact.add(piece.subarray(0, i < 2 ? 1000 : 500));
    assert.is(exact.buf.length, 2500);
    assert.equal([...exact.result().subarray(1000, 1010)], [...piece.subarray(0, 10)]);
  }
});

test.run();
