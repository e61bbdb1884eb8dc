// Type-level tests of t.versioned: compiled by `tsc --noEmit` (part of `npm test`), never run. A
// wrong inferred type fails the type check; so does a @ts-expect-error that is not an error.

import { t, type Infer, type VersionedSchema } from '../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function expect<T extends true>(_?: T): void {}

const V1 = t.struct('types.V1', { hp: t.u8 });
const V2 = t.union('types.V2', { Alive: { hp: t.u16 }, Dead: t.unit });
const V3 = t.struct('types.V3', { hp: t.u32, alive: t.bool });

const Save = t.versioned('types.Save', [
  { since: 0, schema: V1 },
  {
    since: 2, schema: V2,
    from: (v1) => {
      expect<Equal<typeof v1, { hp: number }>>();
      return v1.hp ? { kind: 'Alive' as const, hp: v1.hp } : { kind: 'Dead' as const };
    },
    to: (v2) => ({ hp: v2.kind === 'Alive' ? v2.hp : 0 }),
  },
  {
    since: 5, schema: V3,
    from: (v2) => {
      expect<Equal<typeof v2, { kind: 'Alive'; hp: number } | { kind: 'Dead' }>>();
      return { hp: v2.kind === 'Alive' ? v2.hp : 0, alive: v2.kind === 'Alive' };
    },
  },
]);
expect<Equal<Infer<typeof Save>, { hp: number; alive: boolean }>>();
expect<Equal<typeof Save, VersionedSchema<typeof V3>>>();

// Nested: the field's type is the newest generation's.
const World = t.struct('types.World', { save: Save, saves: t.vec(Save), maybe: t.option(Save) });
type W = Infer<typeof World>;
expect<Equal<W['save'], { hp: number; alive: boolean }>>();
expect<Equal<W['saves'], { hp: number; alive: boolean }[]>>();
expect<Equal<W['maybe'], { hp: number; alive: boolean } | undefined>>();

// One generation: its own type.
const One = t.versioned('types.One', [{ since: 0, schema: t.string }]);
expect<Equal<Infer<typeof One>, string>>();

t.versioned('types.Bad', [
  { since: 0, schema: V1 },
  // @ts-expect-error from must return the generation's type
  { since: 1, schema: V3, from: (v1) => ({ hp: v1.hp }) },
]);
t.versioned('types.Bad2', [
  { since: 0, schema: V1 },
  // @ts-expect-error to must return the previous generation's type
  { since: 1, schema: V3, from: (v1) => ({ hp: v1.hp, alive: true }), to: (v3) => ({ hp: String(v3.hp) }) },
]);
