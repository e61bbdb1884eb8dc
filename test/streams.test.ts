// codec.encodeStream / decodeStream (API.md 13): round trips across chunk boundaries, compressed
// and checksummed, the same bytes as encode where FORMAT.md says so, damaged, truncated, hostile
// and failing streams; the deflate level option.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, SavepackError, t } from '../src/index.ts';

const Item = t.struct('test.SItem', { id: t.u32, tag: t.string });
const Game = t.struct('test.SGame', { name: t.string, hp: t.vec(t.u32), map: t.typed('f32'), blob: t.bytes, items: t.vec(Item), note: t.string });
type G = { name: string; hp: number[]; map: Float32Array; blob: Uint8Array; items: { id: number; tag: string }[]; note: string };

/** A value of about `n` items: large arrays (viewed, not copied, by the stream) and many small parts. */
function game(n: number): G {
  return {
    name: 'héros',
    hp: Array.from({ length: n }, (_, i) => i * 31),
    map: new Float32Array(n * 4).map((_, i) => Math.sin(i)),
    blob: new Uint8Array(n * 3).map((_, i) => (i * 7) % 251),
    items: Array.from({ length: n }, (_, i) => ({ id: i, tag: `t${i % 97}` })),
    note: 'ab', // a short string last: at the very end of a block
  };
}
const small = game(50);
const large = game(36_000); // ~1.1 MB payload: deflated in streamed blocks (1 MiB and more)

/** All chunks of `s` joined, how many there were, and the length of each. */
async function collect(s: ReadableStream<Uint8Array>): Promise<{ bytes: Uint8Array; chunks: number; sizes: number[] }> {
  const parts: Uint8Array[] = [];
  const r = s.getReader();
  for (let x = await r.read(); !x.done; x = await r.read()) parts.push(x.value);
  const bytes = new Uint8Array(parts.reduce((a, b) => a + b.length, 0));
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  return { bytes, chunks: parts.length, sizes: parts.map((p) => p.length) };
}

/** A stream of `bytes` in chunks of the given sizes, cycled (views of copies: the reader may keep them). */
function streamOf(bytes: Uint8Array, sizes: number[] = [7, 1, 4096, 13]): ReadableStream<Uint8Array> {
  let at = 0, k = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) { c.close(); return; }
      const n = sizes[k++ % sizes.length]!;
      c.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

const streamed = new Map<string, Promise<Uint8Array>>();
/** `large` through encodeStream (checksum, 4 KiB chunks) with `compress`, joined; made once per file run (a 1.1 MB deflate is ~0.3 s). */
function streamedLarge(compress: 'none' | 'deflate'): Promise<Uint8Array> {
  let p = streamed.get(compress);
  if (!p) streamed.set(compress, (p = collect(codec(Game, { version: 0, compress }).encodeStream(large, { chunkSize: 4096 })).then((r) => r.bytes)));
  return p;
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

async function rejectsCode(p: Promise<unknown>, code: string): Promise<SavepackError> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, SavepackError);
    assert.is((e as SavepackError).code, code, (e as Error).message);
    return e as SavepackError;
  }
  assert.unreachable(`expected ${code}`);
  throw new Error('unreachable');
}

const eqGame = (a: G, b: G) => {
  assert.is(a.name, b.name); assert.is(a.note, b.note);
  assert.equal(a.hp, b.hp); assert.equal(a.items, b.items);
  assert.ok(same(new Uint8Array(a.map.buffer, a.map.byteOffset, a.map.byteLength), new Uint8Array(b.map.buffer, b.map.byteOffset, b.map.byteLength)));
  assert.ok(same(a.blob, b.blob));
};

for (const [label, opts] of [
  ['none, checksum', { checksum: true }],
  ['none, no checksum, interpreter', { checksum: false, compile: false }],
  ['deflate, checksum', { compress: 'deflate' as const }],
  ['deflate level 1, no checksum', { compress: { method: 'deflate' as const, level: 1 as const }, checksum: false }],
] as const) {
  test(`round trip through encodeStream / decodeStream across chunk boundaries (${label})`, async () => {
    const c = codec(Game, { version: 0, ...opts });
    for (const v of [small, large]) {
      const { bytes, chunks, sizes: [, ...sizes] } = await collect(c.encodeStream(v, { chunkSize: 1000 }));
      assert.ok(chunks > (v === large ? 100 : 1), `chunks: ${chunks}`);
      // The first chunk is the header and schema section, whole; every later one fits chunkSize.
      assert.ok(Math.max(...sizes) <= 1000, `largest chunk ${Math.max(...sizes)}`);
      const encoded = c.encode(v);
      // Uncompressed streams, and compressed payloads under 1 MiB, are encode's very bytes.
      if (!('compress' in opts) || v === small) assert.ok(same(bytes, encoded), 'same bytes as encode');
      eqGame(c.decode(bytes) as G, v);
      eqGame(await c.decodeStream(streamOf(bytes)) as G, v);
      eqGame(await c.decodeStream(streamOf(encoded, [65536, 3])) as G, v);
    }
  });
}

test('a short string at the very end of a buffer sized for the file keeps its bytes (encode and stream)', async () => {
  // The writer once wrote the string, then grew the buffer for its length byte and lost the string.
  const S = t.struct('test.Tail', { a: t.bytes, s: t.string });
  for (const n of [70_000, 70_001, 70_003, 4000]) {
    const c = codec(S, { version: 0, checksum: false, schemaHeader: false });
    const v = { a: new Uint8Array(n), s: 'ab' };
    assert.is(c.decode(c.encode(v)).s, 'ab');
    assert.is((await c.decodeStream(c.encodeStream(v, { chunkSize: 64 }))).s, 'ab');
  }
});

test('a bit flipped anywhere in a streamed file: CHECKSUM from decodeStream and decode', async () => {
  for (const compress of ['none', 'deflate'] as const) {
    const c = codec(Game, { version: 0, compress });
    const bytes = await streamedLarge(compress);
    for (const at of [40, 1000, bytes.length >> 1, bytes.length - 9, bytes.length - 1]) {
      const bad = bytes.slice();
      bad[at]! ^= 0x10;
      await rejectsCode(c.decodeStream(streamOf(bad)), 'CHECKSUM');
      assert.throws(() => c.decode(bad), (e: SavepackError) => e.code === 'CHECKSUM');
    }
  }
});

test('a truncated stream is TRUNCATED; bytes after the file are INVALID_DATA', async () => {
  const c = codec(Game, { version: 0 });
  const bytes = c.encode(small);
  for (const n of [0, 5, 20, 40, bytes.length >> 1, bytes.length - 1]) await rejectsCode(c.decodeStream(streamOf(bytes.subarray(0, n))), n === 0 ? 'TRUNCATED' : 'TRUNCATED');
  const longer = new Uint8Array(bytes.length + 1);
  longer.set(bytes);
  await rejectsCode(c.decodeStream(streamOf(longer)), 'INVALID_DATA');
  const z = codec(Game, { version: 0, compress: 'deflate' });
  const zb = await streamedLarge('deflate');
  await rejectsCode(z.decodeStream(streamOf(zb.subarray(0, zb.length - 100))), 'TRUNCATED');
});

test('hostile declared lengths: refused from the header or when the bytes run out, nothing allocated for them', async () => {
  const c = codec(Game, { version: 0 });
  const bytes = c.encode(small);
  const withU32 = (at: number, v: number) => { const b = bytes.slice(); new DataView(b.buffer).setUint32(at, v, true); return b; };
  await rejectsCode(c.decodeStream(streamOf(withU32(20, 0xfffffff0))), 'LIMIT_EXCEEDED'); // payload past limits.maxBytes
  await rejectsCode(c.decodeStream(streamOf(withU32(16, 0xfffffff0))), 'LIMIT_EXCEEDED'); // schema section likewise
  // 900 MB declared (under the 1 GiB default limit), a few hundred bytes sent: TRUNCATED at once.
  const p = withU32(20, 900e6);
  new DataView(p.buffer).setUint32(24, 900e6, true);
  await rejectsCode(c.decodeStream(streamOf(p)), 'TRUNCATED');
  const z = codec(Game, { version: 0, compress: 'deflate' });
  const zb = z.encode(small);
  const zr = zb.slice();
  new DataView(zr.buffer).setUint32(24, 0xfffffff0, true);
  await rejectsCode(z.decodeStream(streamOf(zr)), 'LIMIT_EXCEEDED');
  const tight = codec(Game, { version: 0, limits: { maxBytes: 100 } });
  await rejectsCode(tight.decodeStream(streamOf(bytes)), 'LIMIT_EXCEEDED');
  await rejectsCode(c.decodeStream(streamOf(new TextEncoder().encode('not a savepack file at all, no'))), 'BAD_MAGIC');
});

test('a stream that errors is IO with the cause; chunks that are not bytes are INVALID_DATA; not a stream is INVALID_VALUE', async () => {
  const c = codec(Game, { version: 0 });
  const bytes = c.encode(small);
  const boom = new Error('disk gone');
  let sent = false;
  const failing = new ReadableStream<Uint8Array>({
    pull(ctl) { if (!sent) { sent = true; ctl.enqueue(bytes.slice(0, 50)); } else ctl.error(boom); },
  });
  const e = await rejectsCode(c.decodeStream(failing), 'IO');
  assert.is((e as { cause?: unknown }).cause, boom);
  const junk = new ReadableStream<unknown>({ start(ctl) { ctl.enqueue('savepack'); ctl.close(); } });
  await rejectsCode(c.decodeStream(junk as ReadableStream<Uint8Array>), 'INVALID_DATA');
  await rejectsCode(c.decodeStream(bytes as unknown as ReadableStream<Uint8Array>), 'INVALID_VALUE');
  const locked = streamOf(bytes);
  locked.getReader();
  await rejectsCode(c.decodeStream(locked), 'INVALID_VALUE');
});

test('encodeStream: a bad value throws at the call; bad options and frame none are refused', () => {
  const c = codec(Game, { version: 0 });
  assert.throws(() => c.encodeStream({ ...small, items: [{ id: -1, tag: 'x' }] }), (e: SavepackError) => e.code === 'INVALID_VALUE' && /items/.test(e.path));
  assert.throws(() => c.encodeStream(small, { chunkSize: 0 }), (e: SavepackError) => e.code === 'INVALID_VALUE');
  assert.throws(() => c.encodeStream(small, { version: 3 }), (e: SavepackError) => e.code === 'NOT_SUPPORTED');
  const bare = codec(Game, { version: 0, frame: 'none' });
  assert.throws(() => bare.encodeStream(small), (e: SavepackError) => e.code === 'NOT_SUPPORTED');
});

test('a stream cancelled half way stops; a large array that shrinks before it is read fails the stream', async () => {
  const c = codec(Game, { version: 0 });
  const r = c.encodeStream(large, { chunkSize: 1000 }).getReader();
  await r.read();
  await r.cancel();
  const v = game(30_000);
  const Resizable = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
  const buf = new Resizable(v.map.byteLength, { maxByteLength: v.map.byteLength });
  const map = new Float32Array(buf);
  map.set(v.map);
  const s = c.encodeStream({ ...v, map }, { chunkSize: 1000 });
  buf.resize(0);
  await rejectsCode(collect(s), 'INVALID_VALUE');
});

test("compress level: { method: 'deflate', level } round-trips, sizes differ by level, 'deflate' is level 6, bad levels are INVALID_VALUE", () => {
  const S = t.struct('test.Text', { lines: t.vec(t.string) });
  const v = { lines: Array.from({ length: 3000 }, (_, i) => `line ${i}: the quick brown fox ${i % 17} jumps over ${(i * 7) % 13} lazy dogs`) };
  const sizes: number[] = [];
  for (const level of [1, 9] as const) {
    const c = codec(S, { version: 0, compress: { method: 'deflate', level } });
    const b = c.encode(v);
    assert.equal(c.decode(b), v);
    sizes.push(b.length);
  }
  assert.ok(sizes[0]! > sizes[1]!, `level 1 ${sizes[0]} vs level 9 ${sizes[1]}`);
  const d = codec(S, { version: 0, compress: 'deflate' }).encode(v);
  assert.ok(same(d, codec(S, { version: 0, compress: { method: 'deflate', level: 6 } }).encode(v)));
  assert.ok(same(d, codec(S, { version: 0, compress: { method: 'deflate' } }).encode(v)));
  for (const bad of [{ method: 'deflate', level: 0 }, { method: 'deflate', level: 10 }, { method: 'deflate', level: 2.5 }, { method: 'zstd' }, 'gzip', null]) {
    assert.throws(() => codec(S, { version: 0, compress: bad as never }), (e: SavepackError) => e.code === 'INVALID_VALUE', JSON.stringify(bad));
  }
});

test.run();
