// The golden file of the compact integers and fixed-size bytes (test/fixtures/compact-v0.bin,
// written once by test/fixtures/make-compact.ts, never regenerated): unchanged on disk, read by
// today's codec on both paths, written again byte for byte, and its schema section and payload
// as FORMAT.md describes them.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, decodeSchema, diffSchema } from '../src/index.ts';
import { both, hex, norm } from './helpers/codecs.ts';
import { Compact, compactValue } from './fixtures/compact.ts';

const FILE = 'compact-v0.bin';
const SHA256 = '389830cd4adf6453a2073733cf1da2c583c922d7e26ace3f1ff9ada57b181f8a';
const bytes = new Uint8Array(readFileSync(new URL(`fixtures/${FILE}`, import.meta.url)));
const FORMAT_CHANGED = (how: string) =>
  `FORMAT CHANGE: ${how} ${FILE}. Files that released versions wrote must keep loading: bump the container ` +
  'format version and keep the old reader (FORMAT.md, "Compatibility"). Never regenerate the golden file.';

test(`golden ${FILE}: unchanged on disk, header as written`, () => {
  assert.is(createHash('sha256').update(bytes).digest('hex'), SHA256, `${FILE} was modified or regenerated: restore it from git; golden files are never rewritten`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.is(new TextDecoder().decode(bytes.subarray(0, 8)), 'savepack');
  assert.is(view.getUint16(8, true), 1, 'container format version');
  assert.is(view.getUint16(10, true), 0b0011, 'flags: schema + checksum');
  assert.is(view.getUint32(12, true), 0, 'data version');
});

test(`golden ${FILE}: today's codec reads every value, both paths`, () => {
  for (const c of Object.values(both(Compact, { version: 0 }))) {
    assert.equal(norm(c.decode(bytes)), norm(compactValue()), c.compiled ? 'compiled' : 'interpreted');
  }
});

test(`golden ${FILE}: today's encoder writes the same bytes, both paths`, () => {
  for (const compile of [true, false]) {
    const c = codec(Compact, { version: 0, compile });
    assert.is(hex(c.encode(compactValue())), hex(bytes), FORMAT_CHANGED('the schema no longer encodes the bytes of'));
    assert.is(hex(c.encode(c.decode(bytes))), hex(bytes), FORMAT_CHANGED('a decode and encode no longer gives back'));
  }
});

test(`golden ${FILE}: schema section tags and payload encodings as FORMAT.md lists them`, () => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const S = view.getUint32(16, true), P = view.getUint32(20, true);
  const section = bytes.subarray(32, 32 + S);
  assert.is(diffSchema(decodeSchema(section), Compact), undefined, 'the section decodes to the schema');
  // Field "id": tag 0x20 then the length 16 as a varint; "count" .. "signed": tags 0x1c .. 0x1f.
  assert.ok(hex(section).includes(`026964${'20'}10`), 'id: fixed(16)');
  for (const [name, tag] of [['count', '1c'], ['delta', '1d'], ['big', '1e'], ['signed', '1f']]) {
    assert.ok(hex(section).includes(hex(new TextEncoder().encode(name)) + tag), `${name}: tag 0x${tag}`);
  }
  const A = (32 + S + 7) & ~7;
  const payload = hex(bytes.subarray(A, A + P));
  const head = [
    'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff', // id: 16 bytes, no length; none: nothing
    'ffffffffffffff0f', // count 2^53-1
    'fdffffffffffff1f', // delta -(2^53-1), zigzag
    'ffffffffffffffffff01', // big 2^64-1
    'ffffffffffffffffff01', // signed -2^63, zigzag
  ].join('');
  assert.ok(payload.startsWith(head), FORMAT_CHANGED('the payload encodings differ in'));
});

test.run();
