// Type-level tests of Infer: compiled by `tsc --noEmit` (part of `npm test`), never run.
// A wrong inferred type fails the type check; @ts-expect-error lines must stay errors.

import { t, type Infer, type RecordArray } from '../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
/** Mutual assignability: for types that are equal in use but spelled differently (class generics, intersections). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function expect<T extends true>(_?: T): void {}

const Position = t.struct('game.Position', { x: t.u32, y: t.u32 });
const Player = t.struct('game.Player', {
  name: t.string,
  strength: t.removed(t.u32, { until: 0 }),
  inventory: t.vec(t.string),
  skills: t.field(t.vec(t.string), { since: 1 }),
  history: t.field(t.records(Position), { since: 2 }),
  kind: t.enum('game.Kind', ['warrior', 'mage']),
  best: t.option(t.u64),
  pair: t.tuple(t.u8, t.bool),
  scores: t.map(t.string, t.f64),
  samples: t.typed('f32'),
  raw: t.bytes,
  grid: t.array(t.i16, 3),
  nothing: t.unit,
  shape: t.union('game.Shape', { Circle: { r: t.f64 }, Empty: t.unit }),
});

expect<Equal<Infer<typeof Position>, { x: number; y: number }>>();
type P = Infer<typeof Player>;
expect<Equal<P['name'], string>>();
expect<Equal<'strength' extends keyof P ? true : false, false>>();
expect<Equal<P['inventory'], string[]>>();
expect<Equal<P['skills'], string[]>>();
expect<Same<P['history'], RecordArray<{ x: number; y: number }>>>();
expect<Equal<P['kind'], 'warrior' | 'mage'>>();
expect<Same<P['best'], bigint | undefined>>();
expect<Same<P['best'], bigint> extends true ? false : true>();
expect<Equal<P['pair'], [number, boolean]>>();
expect<Equal<P['scores'], Map<string, number>>>();
expect<Equal<P['samples'], Float32Array>>();
expect<Equal<P['raw'], Uint8Array>>();
expect<Equal<P['grid'], number[]>>();
expect<Equal<P['nothing'], undefined>>();
expect<Same<P['shape'], { kind: 'Circle'; r: number } | { kind: 'Empty' }>>();
expect<Same<P['shape'], { kind: 'Circle'; r: string } | { kind: 'Empty' }> extends true ? false : true>();

const Tagged = t.union('game.Ev', { Hit: { dmg: t.u8 }, Miss: t.unit, Later: t.variant({ at: t.u32 }, { since: 1 }) }, { tag: 'type' });
expect<Same<Infer<typeof Tagged>, { type: 'Hit'; dmg: number } | { type: 'Miss' } | { type: 'Later'; at: number }>>();
expect<Same<Infer<typeof Tagged>, { type: 'Hit'; dmg: number } | { type: 'Miss' }> extends true ? false : true>();
const E = t.enum('game.Sparse', { low: 1, high: 9 });
expect<Equal<Infer<typeof E>, 'low' | 'high'>>();
const C = t.custom(t.f64, { name: 'std.Date', encode: (d: Date) => d.getTime(), decode: (n) => new Date(n) });
expect<Equal<Infer<typeof C>, Date>>();
const L = t.lazy(() => Position);
expect<Equal<Infer<typeof L>, { x: number; y: number }>>();
expect<Equal<Infer<typeof t.typed<'u64'>> extends never ? true : true, true>>();
expect<Equal<Infer<ReturnType<typeof t.typed<'i64'>>>, BigInt64Array>>();
expect<Equal<Infer<typeof t.i64>, bigint>>();
expect<Equal<Infer<typeof t.canary>, undefined>>();

// Wrong values are type errors.
const p: P = null as unknown as P;
// @ts-expect-error a string is not a number
p.history.push({ x: 'a', y: 1 });
// @ts-expect-error unknown enum variant
const k: P['kind'] = 'rogue';
void k;
