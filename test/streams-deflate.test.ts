// encodeStream of compressed payloads of 1 MiB and more (FORMAT.md "Streams"): one that deflates
// to a quarter of its size or less is deflated once (the deflated bytes kept from the counting
// pass); anything else is deflated twice with the same pushes. Both decode through decode and
// decodeStream; the single pass is seen from outside as bytes fixed before the header is read.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, SavepackError, t } from '../src/index.ts';

const S = t.struct('test.Z', { name: t.string, data: t.bytes });
const c = codec(S, { version: 0, compress: 'deflate' });
const MB = 1 << 20;

/** 2 MiB that deflate well (a repeating ramp) or hardly at all (xorshift noise). */
function data(kind: 'ramp' | 'noise'): Uint8Array {
  const b = new Uint8Array(2 * MB);
  let x = 0x9e3779b9;
  for (let i = 0; i < b.length; i++) {
    if (kind === 'ramp') b[i] = (i % 200) & 0xff;
    else { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b[i] = x & 0xff; }
  }
  return b;
}

/** Reads `s` chunk by chunk; `after(k)` runs once chunk k has been read. */
async function read(s: ReadableStream<Uint8Array>, after?: (k: number) => void): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const r = s.getReader();
  for (let x = await r.read(), k = 0; !x.done; x = await r.read(), k++) { parts.push(x.value.slice()); after?.(k); }
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

const streamOf = (b: Uint8Array) => new ReadableStream<Uint8Array>({ start(ctl) { for (let i = 0; i < b.length; i += 65536) ctl.enqueue(b.slice(i, i + 65536)); ctl.close(); } });

for (const kind of ['ramp', 'noise'] as const) {
  test(`a 2 MiB payload of ${kind} (${kind === 'ramp' ? 'one deflate pass' : 'two passes'}) decodes through decode and decodeStream`, async () => {
    const v = { name: kind, data: data(kind) };
    const bytes = await read(c.encodeStream(v, { chunkSize: 16384 }));
    const stored = new DataView(bytes.buffer).getUint32(20, true);
    if (kind === 'ramp') assert.ok(stored * 4 <= 2 * MB, `ramp deflates 4x or better (${stored} bytes)`);
    else assert.ok(stored * 4 > 2 * MB, `noise does not (${stored} bytes)`);
    assert.equal(c.decode(bytes), v);
    assert.equal(await c.decodeStream(streamOf(bytes)), v);
  });
}

test('a payload that deflates 4x is deflated once: its bytes are fixed before the header is handed out', async () => {
  const v = { name: 'once', data: data('ramp') };
  const bytes = await read(c.encodeStream(v), (k) => { if (k === 0) v.data.fill(7); }); // after the header chunk
  const back = c.decode(bytes);
  assert.equal(back.data, data('ramp'), 'the bytes deflated before the header, not the changed ones');
});

test('a payload that does not is deflated again after the header: a change in between is INVALID_VALUE or shows', async () => {
  const v = { name: 'twice', data: data('noise') };
  let err: unknown;
  let bytes: Uint8Array | undefined;
  try { bytes = await read(c.encodeStream(v), (k) => { if (k === 0) v.data.fill(7); }); } catch (e) { err = e; }
  if (err) {
    assert.instance(err, SavepackError);
    assert.is((err as SavepackError).code, 'INVALID_VALUE');
  } else {
    // Same deflated length by chance is not possible here: 2 MiB of 7s deflate to a few KiB.
    assert.unreachable(`the second pass should have seen the change (${bytes!.length} bytes)`);
  }
});

test.run();
