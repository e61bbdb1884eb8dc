// A root that is one string (or an option of one) is read without the short-string cache, inside
// a loop or a struct with it: both read the same strings and refuse the same bytes as the interpreter.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { t } from '../src/index.ts';
import { both } from './helpers/codecs.ts';

const STRINGS = ['', 'a', 'ab', 'abcdefghijklmnop', 'abcdefghijklmnopq', 'héllo', 'x'.repeat(200)];

test('root string, option of a string, and strings in a vec decode alike, compiled and interpreted', () => {
  for (const schema of [t.string, t.option(t.string), t.vec(t.string), t.struct('rs.S', { s: t.string })]) {
    for (const frame of ['none', 'file'] as const) {
      const { compiled, interpreted } = both(schema, { frame });
      for (const s of STRINGS) {
        const v = schema.kind === 'vec' ? [s, s, s] : schema.kind === 'struct' ? { s } : s;
        for (const c of [compiled, interpreted]) assert.equal(c.decode(compiled.encode(v as never)), v, `${schema.kind} ${frame} ${s.length}`);
      }
    }
  }
});

test('root string: invalid UTF-8 and a truncated length fail alike, compiled and interpreted', () => {
  const { compiled, interpreted } = both(t.string, { frame: 'none' });
  for (const bytes of [Uint8Array.of(2, 0x61, 0xff), Uint8Array.of(3, 0x61, 0x62), Uint8Array.of(0xc3, 0x28)]) {
    let a = '', b = '';
    try { compiled.decode(bytes); } catch (e) { a = (e as { code: string }).code; }
    try { interpreted.decode(bytes); } catch (e) { b = (e as { code: string }).code; }
    assert.ok(a !== '', `compiled accepted ${bytes.join(',')}`);
    assert.is(a, b);
  }
});

test.run();
