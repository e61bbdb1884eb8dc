// Untrusted input, the encode side: hostile values (cycles through t.lazy, extremely deep values,
// getters and proxies that throw) are SavepackErrors with a path, never a stack overflow.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, SavepackError, t, type Schema } from '../src/index.ts';
import { throwsCode } from './helpers/codecs.ts';

// ---------------------------------------------------------------------------------------------
// The encode side: hostile values.
// ---------------------------------------------------------------------------------------------

const Tree: Schema = t.struct('fz.Tree', { v: t.u8, kids: t.vec(t.lazy((): Schema => Tree)), next: t.option(t.lazy((): Schema => Tree)) });
const Expr: Schema = t.union('fz.Expr', { Num: { n: t.f64 }, Neg: { x: t.lazy((): Schema => Expr) }, Pair: { a: t.lazy((): Schema => Expr), b: t.lazy((): Schema => Expr) } });
const MapTree: Schema = t.struct('fz.MapTree', { m: t.map(t.string, t.lazy((): Schema => MapTree)) });
const both = (s: Schema, o = {}) => [codec(s, { version: 0, ...o }), codec(s, { version: 0, compile: false, ...o })] as const;

test('encode: cycles through t.lazy (struct, vec, option, union, map) are INVALID_VALUE, never a stack overflow', () => {
  const self: any = { v: 1, kids: [], next: undefined };
  self.next = self;
  const inVec: any = { v: 1, kids: [], next: undefined };
  inVec.kids.push({ v: 2, kids: [inVec], next: undefined });
  const neg: any = { kind: 'Neg', x: undefined };
  neg.x = { kind: 'Pair', a: { kind: 'Num', n: 1 }, b: neg };
  const m: any = { m: new Map() };
  m.m.set('loop', { m: new Map([['back', m]]) });
  for (const [s, v] of [[Tree, self], [Tree, inVec], [Expr, neg], [MapTree, m]] as const) {
    for (const c of both(s)) throwsCode(() => c.encode(v), 'INVALID_VALUE', undefined, /cycle/);
  }
  // A value that is shared but not cyclic (a DAG) is fine.
  const leaf = { v: 9, kids: [], next: undefined };
  for (const c of both(Tree)) assert.is((c.decode(c.encode({ v: 1, kids: [leaf, leaf], next: leaf })) as any).kids[1].v, 9);
});

test('encode: extremely deep values are LIMIT_EXCEEDED (10^5 and 10^6 levels), not a stack overflow', () => {
  for (const depth of [300, 100_000, 1_000_000]) {
    let list: any = { v: 1, kids: [], next: undefined };
    for (let i = 0; i < depth; i++) list = { v: 1, kids: [], next: list };
    let expr: any = { kind: 'Num', n: 0 };
    for (let i = 0; i < depth; i++) expr = { kind: 'Neg', x: expr };
    for (const c of both(Tree)) throwsCode(() => c.encode(list), 'LIMIT_EXCEEDED', undefined, /maxDepth/);
    for (const c of both(Expr)) throwsCode(() => c.encode(expr), 'LIMIT_EXCEEDED', undefined, /maxDepth/);
  }
  // With a higher maxDepth the same deep value still fails cleanly rather than overflowing the stack.
  let list: any = { v: 1, kids: [], next: undefined };
  for (let i = 0; i < 1_000_000; i++) list = { v: 1, kids: [], next: list };
  for (const c of both(Tree, { limits: { maxDepth: 10_000_000 } })) {
    try {
      c.encode(list);
    } catch (e) {
      assert.ok(e instanceof SavepackError, `maxDepth 10^7, 10^6 levels: ${String(e)}`);
    }
  }
});

test('encode: getters and proxies that throw are INVALID_VALUE with the path and the cause', () => {
  const cause = new Error('getter boom');
  const deep = { v: 1, kids: [{ v: 2, kids: [], next: undefined }, { v: 3, kids: [], next: undefined }], next: undefined };
  Object.defineProperty(deep.kids[1]!, 'v', { get() { throw cause; } });
  for (const c of both(Tree)) {
    const e = throwsCode(() => c.encode(deep), 'INVALID_VALUE', 'fz.Tree.kids[1].v');
    assert.is(e.cause, cause);
  }
  // a non-Error thrown value is kept as the cause too
  const str = { v: 1, kids: [], get next(): undefined { throw 'plain string'; } };
  for (const c of both(Tree)) assert.is(throwsCode(() => c.encode(str), 'INVALID_VALUE', 'fz.Tree.next').cause, 'plain string');
  // a Proxy whose get trap throws
  const proxy = new Proxy({ v: 1, kids: [], next: undefined }, { get(target, key) { if (key === 'kids') throw cause; return (target as any)[key]; } });
  for (const c of both(Tree)) assert.is(throwsCode(() => c.encode(proxy), 'INVALID_VALUE', 'fz.Tree.kids').cause, cause);
  // an array whose element getter throws
  const arr: any[] = [{ v: 1, kids: [], next: undefined }];
  Object.defineProperty(arr, 0, { get() { throw cause; } });
  for (const c of both(Tree)) assert.is(throwsCode(() => c.encode({ v: 1, kids: arr, next: undefined }), 'INVALID_VALUE', 'fz.Tree.kids[0]').cause, cause);
  // a Map whose iteration throws
  class BadMap extends Map<string, unknown> {
    override entries(): MapIterator<[string, unknown]> { throw cause; }
    override [Symbol.iterator](): MapIterator<[string, unknown]> { throw cause; }
  }
  const bm = new BadMap([['a', { m: new Map() }]]);
  for (const c of both(MapTree)) {
    const e = throwsCode(() => c.encode({ m: bm }), 'INVALID_VALUE');
    assert.is(e.cause, cause);
    assert.match(e.path, /^fz\.MapTree\.m/);
  }
  // numbers with throwing conversion traps are rejected by type, never converted
  const trap = { [Symbol.toPrimitive]() { throw cause; }, valueOf() { throw cause; } };
  for (const c of both(Tree)) throwsCode(() => c.encode({ v: trap, kids: [], next: undefined }), 'INVALID_VALUE', 'fz.Tree.v');
});

test.run();
