// Shared fixtures of versioned.test.ts and versioned-errors.test.ts: a save root through five
// t.versioned generations (one spanning three versions, a struct -> union change), a nested world
// using a versioned position, both codec modes and an error check.
import { t, type Infer } from '../../src/index.ts';

/** Codec options of both paths: compiled and interpreted. */
export const MODES = [{}, { compile: false }] as const;

/** Asserts that `f` throws a SavepackError of `code` (and `path`, and a message matching `text`). */
export { throwsCode as fails } from './codecs.ts';

/** The five generations of the save, oldest first. */
export const SaveV0 = t.struct('vt.SaveV0', { name: t.string, hp: t.u8 });
// Generation 1 stores versions 2, 3 and 4; its own field `gold` is added in version 3.
export const SaveV1 = t.struct('vt.SaveV1', { name: t.string, hp: t.u16, level: t.u8, gold: t.field(t.u32, { since: 3 }) });
export const SaveV2 = t.union('vt.SaveV2', { Alive: { name: t.string, hp: t.u16, level: t.u8, gold: t.u32 }, Dead: { name: t.string } });
export const SaveV3 = t.struct('vt.SaveV3', { hero: SaveV2, day: t.u16 });
export const SaveV4 = t.struct('vt.SaveV4', { name: t.string, hp: t.u32, level: t.u16, gold: t.u64, alive: t.bool, day: t.u16 });

/** The save root: generations since 0, 2, 5, 6 and 8. */
export const Save = t.versioned('vt.Save', [
  { since: 0, schema: SaveV0 },
  {
    since: 2, schema: SaveV1,
    from: (v0) => ({ name: v0.name, hp: v0.hp, level: 1, gold: 0 }),
    to: (v1) => ({ name: v1.name, hp: Math.min(v1.hp, 255) }),
  },
  {
    since: 5, schema: SaveV2,
    from: (v1) => (v1.hp === 0 ? { kind: 'Dead' as const, name: v1.name } : { kind: 'Alive' as const, ...v1 }),
    to: (v2) => (v2.kind === 'Dead' ? { name: v2.name, hp: 0, level: 0, gold: 0 } : { name: v2.name, hp: v2.hp, level: v2.level, gold: v2.gold }),
  },
  { since: 6, schema: SaveV3, from: (v2) => ({ hero: v2, day: 1 }), to: (v3) => v3.hero },
  {
    since: 8, schema: SaveV4,
    from: (v3) => (v3.hero.kind === 'Alive'
      ? { name: v3.hero.name, hp: v3.hero.hp, level: v3.hero.level, gold: BigInt(v3.hero.gold), alive: true, day: v3.day }
      : { name: v3.hero.name, hp: 0, level: 0, gold: 0n, alive: false, day: v3.day }),
    to: (v4) => ({
      hero: v4.alive ? { kind: 'Alive' as const, name: v4.name, hp: Math.min(v4.hp, 0xffff), level: Math.min(v4.level, 0xff), gold: Number(v4.gold) } : { kind: 'Dead' as const, name: v4.name },
      day: v4.day,
    }),
  },
]);
/** The newest generation's value type. */
export type Save = Infer<typeof Save>;
/** The codec version of the tests. */
export const VERSION = 9;

/** A save of the newest generation. */
export const ann: Save = { name: 'Ann', hp: 300, level: 7, gold: 1234n, alive: true, day: 42 };
/** What `ann` written at version k loads as: what the older generations could hold of it, carried up by `from`. */
export const annAt = (k: number): Save => {
  if (k <= 1) return { name: 'Ann', hp: 255, level: 1, gold: 0n, alive: true, day: 1 };
  if (k === 2) return { ...ann, gold: 0n, day: 1 }; // generation 1 stores gold from version 3
  if (k <= 5) return { ...ann, day: 1 }; // generations 1 and 2 have no day
  return ann;
};

/** A position: a tuple until version 2, then a struct. */
export const Pos = t.versioned('vt.Pos', [
  { since: 0, schema: t.tuple(t.u8, t.u8) },
  { since: 2, schema: t.struct('vt.PosV2', { x: t.i32, y: t.i32 }), from: ([x, y]) => ({ x, y }), to: (p) => [p.x, p.y] as [number, number] },
]);
/** A struct using Pos in every container, and Save since version 1. */
export const World = t.struct('vt.World', {
  title: t.string,
  home: Pos,
  trail: t.vec(Pos),
  last: t.option(Pos),
  named: t.map(t.string, Pos),
  save: t.field(Save, { since: 1 }),
});
/** World's value type. */
export type World = Infer<typeof World>;
/** The zero value of Save: SaveV4's. */
export const ZERO: Save = { name: '', hp: 0, level: 0, gold: 0n, alive: false, day: 0 };
/** A world holding ann. */
export const world: World = {
  title: 'w', home: { x: 1, y: 2 }, trail: [{ x: 3, y: 4 }, { x: 5, y: 6 }], last: { x: 7, y: 8 },
  named: new Map([['inn', { x: 9, y: 10 }]]), save: ann,
};
