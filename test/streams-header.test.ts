// decode and decodeStream check the 32-byte header with the same code (format/header-check.ts):
// a damaged magic, format version, flags, data version or reserved word gives the very same
// SavepackError (code, path, message) through both, however the stream is chunked. The length
// fields (and the flag bits that move them) are checked by each reader against what it has: the
// whole input (decode) or the bytes still to come (decodeStream, FORMAT.md "Streams"), so there
// both only have to refuse the file.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, SavepackError, t } from '../src/index.ts';

const Item = t.struct('test.HItem', { id: t.u32, tag: t.string });
const Game = t.struct('test.HGame', { name: t.string, hp: t.vec(t.u32), items: t.vec(Item) });
const value = { name: 'x', hp: [1, 2, 3], items: [{ id: 1, tag: 'a' }] };

/** A stream of `bytes` in chunks of `n` bytes (copies). */
function streamOf(bytes: Uint8Array, n: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) c.close();
      else { c.enqueue(bytes.slice(at, at + n)); at += n; }
    },
  });
}

/** The SavepackError `run` fails with, as `code|path|message` (fails the test when it succeeds or throws anything else). */
async function failure(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (e) {
    assert.instance(e, SavepackError);
    const s = e as SavepackError;
    return `${s.code}|${s.path}|${s.message}`;
  }
  assert.unreachable('a damaged header was accepted');
  return '';
}

/** Flag bits of byte 10 that change where the file's parts lie: schema, checksum, compression. */
const LAYOUT_BITS = 0x0f;

for (const [label, opts, requireChecksum] of [
  ['checksum', {}, false],
  ['no checksum', { checksum: false }, false],
  ['no checksum, requireChecksum', { checksum: false }, true],
  ['deflate', { compress: 'deflate' as const }, false],
  ['no schema section', { schemaHeader: false }, false],
] as const) {
  test(`every header byte damaged: decode and decodeStream refuse it alike (${label})`, async () => {
    const c = codec(Game, { version: 0, ...opts });
    const bytes = c.encode(value);
    const o = requireChecksum ? { requireChecksum: true } : undefined;
    let same = 0;
    for (let at = 0; at < 32; at++) {
      for (const x of [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff]) {
        const bad = bytes.slice();
        bad[at]! ^= x;
        const whole = await failure(() => c.decode(bad, o));
        const headerOnly = at < 10 || (at === 10 && (x & LAYOUT_BITS) === 0) || at === 11 || (at >= 12 && at < 16) || at >= 28;
        for (const n of [1, 5, 4096]) {
          const streamed = await failure(() => c.decodeStream(streamOf(bad, n), o));
          if (headerOnly) { assert.is(streamed, whole, `byte ${at} ^ 0x${x.toString(16)}, chunks of ${n}`); same++; }
        }
      }
    }
    assert.is(same, (19 * 9 + 4) * 3); // 19 whole bytes and 4 flips of byte 10, in 3 chunkings
  });
}

test('a file cut inside the magic or format version: the same BAD_MAGIC / UNSUPPORTED_FORMAT through both', async () => {
  const c = codec(Game, { version: 0 });
  const bytes = c.encode(value);
  for (const [at, x] of [[0, 1], [3, 0x20], [7, 0xff], [8, 1], [9, 0x80]] as const) {
    const bad = bytes.slice(0, at < 8 ? at + 1 : 10); // the format version is read once bytes 8-9 are both there
    bad[at]! ^= x;
    const whole = await failure(() => c.decode(bad));
    assert.match(whole, at < 8 ? /^BAD_MAGIC\|/ : /^UNSUPPORTED_FORMAT\|/);
    assert.is(await failure(() => c.decodeStream(streamOf(bad, 1))), whole);
  }
});

test.run();
