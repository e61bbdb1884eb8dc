// The fuzz harness's pooled mode and targeted mutators, checked on their own: decoders that read
// or write outside their input (through a message, a value, a single byte, a write) are caught;
// an honest one is not; the header mutator really sets S, P and R near 2^31 / 2^32; the schema
// mutator keeps the section length in the header consistent.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SavepackError, type Codec } from '../src/index.ts';
import { Engine, makeInput } from './fuzz/engine.ts';
import { pooled, type Pool } from './fuzz/pooled.ts';

const place = { pre: 64, post: 16 };
const input = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

/** A fake codec whose decode is `decode`. */
const fake = (decode: (b: Uint8Array) => unknown) => ({ decode, encode: () => new Uint8Array(0) }) as unknown as Codec<unknown>;
const before = (b: Uint8Array, n: number) => new Uint8Array(b.buffer, b.byteOffset - n, n);

/** What the engine says about decoding `input` in a pool with `codec`. */
function verdict(codec: Codec<unknown>): { kind: string; error: unknown } | undefined {
  const pool: Pool = pooled(input, place);
  return new Engine(1).decodeOne(codec, pool.view, 'self-test', pool);
}

test('pooled mode: reading before the input is caught through a message, a value, a single byte; writing through the canary', () => {
  const leaks: [string, Codec<unknown>][] = [
    ['u32 in a message', fake((b) => { throw new SavepackError('INVALID_DATA', `unknown discriminant ${new DataView(b.buffer, b.byteOffset - 4).getUint32(0, true)}`); })],
    ['bytes in a string', fake((b) => ({ name: Buffer.from(before(b, 6)).toString('latin1') }))],
    ['bytes in a Uint8Array', fake((b) => ({ data: before(b, 8).slice() }))],
    ['a u32 value', fake((b) => ({ n: new DataView(b.buffer, b.byteOffset - 8).getUint32(0, true) }))],
    ['one byte in a message', fake((b) => { throw new SavepackError('INVALID_DATA', `option flag ${before(b, 1)[0]} (must be 0 or 1)`); })],
    ['one byte in a value', fake((b) => ({ small: before(b, 1)[0]! & 1 }))],
    ['one byte after the input', fake((b) => ({ x: new Uint8Array(b.buffer)[b.byteOffset + b.length]! }))],
    ['a write before the input', fake((b) => { before(b, 1)[0] = 0; return {}; })],
  ];
  for (const [what, codec] of leaks) {
    const v = verdict(codec);
    assert.is(v?.kind, 'canary', `${what}: ${JSON.stringify(v)}`);
  }
  assert.is(verdict(fake((b) => ({ first: b[0], all: b.slice(), s: 'CnR' }))), undefined, 'an honest decode passes');
  assert.is(verdict(fake(() => { throw new SavepackError('TRUNCATED', 'declared length 121 needs 121 bytes'); })), undefined, 'an honest error passes');
});

test('targeted mutators: header lengths near 2^31 / 2^32 with and without checksum; hostile schema sections with consistent lengths; pooled decodes', () => {
  const near = (x: number) => [2 ** 31, 2 ** 32, 2 ** 31 - 32, 2 ** 32 - 32, 2 ** 32 - 40].some((c) => Math.abs(x - c) <= 16) || x <= 16;
  let header = 0, nearS = 0, withSum = 0, withoutSum = 0, schema = 0, pool = 0, fitted = 0;
  for (let i = 0; i < 2000; i++) {
    const m = makeInput(99, i);
    if (m.place) pool++;
    const how = m.m?.how ?? '';
    const b = m.m?.bytes;
    if (!b) continue;
    if (how.startsWith('header-wrap')) {
      header++;
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const S = v.getUint32(16, true), P = v.getUint32(20, true), flags = v.getUint16(10, true);
      if (near(S)) nearS++;
      if (flags & 2) withSum++;
      else withoutSum++;
      if (((32 + S + 7) & ~7) + P + (flags & 2 ? 8 : 0) === b.length) fitted++;
    } else if (how.startsWith('schema+')) {
      schema++;
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      assert.ok(v.getUint16(10, true) & 1, 'schema flag set');
      assert.ok(32 + v.getUint32(16, true) <= b.length, `${how}: section length within the file`);
    }
  }
  assert.ok(header > 40 && schema > 70, `header-wrap ${header}, schema ${schema} of 2000`);
  assert.ok(nearS > header / 2 && withSum > header / 4 && withoutSum > header / 4 && fitted > header / 5, `S near a wrap ${nearS}, checksum ${withSum}/${withoutSum}, lengths fitted ${fitted} of ${header}`);
  assert.ok(pool > 200, `${pool} pooled of 2000`);
});

test.run();
