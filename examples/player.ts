// The game save used by the versioning chapter (docs/versioning.md), the demo (examples/demo.ts)
// and the golden files (test/fixtures/, test/golden.test.ts).
//
// `Player` is the schema as the game defines it today (data version 2), carrying the history of
// every change in its field metadata. `PlayerV0` and `PlayerV1` are the schemas exactly as older
// releases defined them, written by hand without any version metadata: a codec of `PlayerV0`
// at version 0 writes what release 0 of the game wrote. They never change again.
//
// What changed, version by version:
//
//   0  name, strength, level (u8), playtime (u32 seconds), class (Warrior | Mage),
//      stats { hp }, inventory, weapon (Fists | Sword)
//   1  strength removed; level widened to u16; class gained Rogue; stats gained mana;
//      skills added
//   2  playtime became f64 hours (a conversion); weapon gained Bow; arrows and a packed
//      history of positions added
//
// `online` is runtime state: never stored, false after every load.

import { t, type Infer } from '../src/index.ts';

/** A map position; packed (8 bytes, no padding), so `t.records(Position)` is one bulk copy. */
export const Position = t.struct('game.Position', { x: t.u32, y: t.u32 });

/** Character class. `Rogue` arrived in version 1; discriminants never change. */
export const Class = t.enum('game.Class', ['Warrior', 'Mage', 'Rogue'], { since: { Rogue: 1 } });

/** A nested struct that gained a field: `mana` since version 1 (50 when loading version 0). */
export const Stats = t.struct('game.Stats', {
  hp: t.u16,
  mana: t.field(t.u16, { since: 1, default: 50 }),
});

/** What the player holds. `Bow` arrived in version 2. */
export const Weapon = t.union('game.Weapon', {
  Fists: t.unit,
  Sword: { damage: t.u16 },
  Bow: t.variant({ range: t.u16 }, { since: 2 }),
});

/** The current data version of the game's saves. */
export const CURRENT_VERSION = 2;

/** The player as the game defines it today (data version 2). */
export const Player = t.struct('game.Player', {
  name: t.string,
  // Existed in version 0 only: still read (and skipped) from version-0 files.
  strength: t.removed(t.u32, { until: 0 }),
  // A u8 in version 0, a u16 since: a lossless widening, no conversion function needed.
  level: t.field(t.u16, { was: [{ until: 0, type: t.u8 }] }),
  // Seconds as a u32 up to version 1, hours as an f64 since version 2.
  playtime: t.field(t.f64, {
    was: [{ until: 1, type: t.u32, convert: (seconds: number) => seconds / 3600, revert: (hours: number) => Math.round(hours * 3600) }],
  }),
  class: Class,
  stats: Stats,
  inventory: t.vec(t.string),
  // Added in version 1. A version-0 player starts with one skill; a mage also knows magic.
  skills: t.field(t.vec(t.string), {
    since: 1,
    default: () => ['Whistling'],
    onLoad: (p, from) => { if (from < 1 && p.class === 'Mage') p.skills.push('Magic missile'); },
  }),
  weapon: Weapon,
  // Added in version 2 together with bows. Older versions have no bows: a saved bow becomes fists.
  arrows: t.field(t.u32, {
    since: 2,
    onSave: (p, to) => { if (to < 2 && p.weapon.kind === 'Bow') p.weapon = { kind: 'Fists' }; },
  }),
  // Added in version 2: every position visited, packed.
  history: t.field(t.records(Position), { since: 2 }),
  // Runtime state, never stored.
  online: t.field(t.bool, { ignore: true }),
});
export type Player = Infer<typeof Player>;
export type Position = Infer<typeof Position>;

// ---- The schemas as older releases defined them (no version metadata) ----

/** Release 0 of the game: `codec(PlayerV0, { version: 0 })` writes what it wrote. */
export const PlayerV0 = t.struct('game.Player', {
  name: t.string,
  strength: t.u32,
  level: t.u8,
  playtime: t.u32,
  class: t.enum('game.Class', ['Warrior', 'Mage']),
  stats: t.struct('game.Stats', { hp: t.u16 }),
  inventory: t.vec(t.string),
  weapon: t.union('game.Weapon', { Fists: t.unit, Sword: { damage: t.u16 } }),
});
export type PlayerV0 = Infer<typeof PlayerV0>;

/** Release 1 of the game: `codec(PlayerV1, { version: 1 })` writes what it wrote. */
export const PlayerV1 = t.struct('game.Player', {
  name: t.string,
  level: t.u16,
  playtime: t.u32,
  class: t.enum('game.Class', ['Warrior', 'Mage', 'Rogue']),
  stats: t.struct('game.Stats', { hp: t.u16, mana: t.u16 }),
  inventory: t.vec(t.string),
  skills: t.vec(t.string),
  weapon: t.union('game.Weapon', { Fists: t.unit, Sword: { damage: t.u16 } }),
});
export type PlayerV1 = Infer<typeof PlayerV1>;
