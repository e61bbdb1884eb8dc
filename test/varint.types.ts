// Type-level tests of the compact integers and t.fixed: compiled by `tsc --noEmit` (part of
// `npm test`), never run. A wrong inferred type fails the type check.

import { t, type FixedSchema, type Infer, type VarBigSchema, type VarintSchema } from '../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function expect<T extends true>(_?: T): void {}

const Msg = t.struct('types.Msg', {
  u: t.uvarint,
  s: t.varint,
  U: t.uvarint64,
  S: t.varint64,
  id: t.fixed(16),
  ids: t.vec(t.fixed(4)),
  o: t.option(t.varint),
  widened: t.field(t.uvarint64, { was: [{ until: 0, type: t.u32 }] }),
});
type M = Infer<typeof Msg>;
expect<Equal<M['u'], number>>();
expect<Equal<M['s'], number>>();
expect<Equal<M['U'], bigint>>();
expect<Equal<M['S'], bigint>>();
expect<Equal<M['id'], Uint8Array>>();
expect<Equal<M['ids'], Uint8Array[]>>();
expect<Equal<M['o'], number | undefined>>();
expect<Equal<M['widened'], bigint>>();
expect<Equal<Infer<typeof t.uvarint>, number>>();
expect<Equal<typeof t.varint64, VarBigSchema<'varint64'>>>();
expect<Equal<typeof t.uvarint, VarintSchema<'uvarint'>>>();
expect<Equal<ReturnType<typeof t.fixed>, FixedSchema>>();

// @ts-expect-error a uvarint holds a number, not a string
export const bad1: M['u'] = '1';
// @ts-expect-error a uvarint64 holds a bigint in memory
export const bad2: M['U'] = 1;
// @ts-expect-error a fixed holds bytes
export const bad3: M['id'] = [1, 2];
