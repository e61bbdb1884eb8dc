// The save of one game as six releases defined it (README, "Evolving a save over many releases").
// A real game has only the newest of these in its code: each release below is that code as it
// stood then, so that examples/evolve.ts can play the history forward. Every change is recorded
// in the schema (was, since, t.versioned), never by editing what a release stored.

import { codec, RecordArray, t } from '../src/index.ts';

// #region release1
// Release 1 (data version 0): a hero, gold, and a packed log of steps.
const Step0 = t.struct('quest.Step', { tick: t.u32, x: t.i16, y: t.i16 });
const Save0 = t.struct('quest.Save', {
  hero: t.string,
  gold: t.u16,
  log: t.records(Step0),
});
export const release1 = codec(Save0, { version: 0 });
// #endregion release1

// #region release2
// Release 2 (data version 1): `hero` is renamed `name`; files of version 0 keep the old name.
const Save1 = t.struct('quest.Save', {
  name: t.field(t.string, { was: [{ until: 0, name: 'hero' }] }),
  gold: t.u16,
  log: t.records(Step0),
});
export const release2 = codec(Save1, { version: 1 });
// #endregion release2

// #region release3
// Release 3 (data version 2): gold outgrows a u16; versions 0 and 1 stored it as one.
const Save2 = t.struct('quest.Save', {
  name: t.field(t.string, { was: [{ until: 0, name: 'hero' }] }),
  gold: t.field(t.u32, { was: [{ until: 1, type: t.u16 }] }),
  log: t.records(Step0),
});
export const release3 = codec(Save2, { version: 2 });
// #endregion release3

// #region release4
// Release 4 (data version 3): every step of the log records the dungeon floor.
const Step = t.struct('quest.Step', {
  tick: t.u32,
  x: t.i16,
  y: t.i16,
  floor: t.field(t.u32, { since: 3, default: 1 }),   // older records load on floor 1
});
const Save3 = t.struct('quest.Save', {
  name: t.field(t.string, { was: [{ until: 0, name: 'hero' }] }),
  gold: t.field(t.u32, { was: [{ until: 1, type: t.u16 }] }),
  log: t.records(Step),
});
export const release4 = codec(Save3, { version: 3 });
// #endregion release4

// #region release5
// Release 5 (data version 4): one hero becomes a party. The save's root changes shape, so it
// becomes a new generation; versions 0..3 are stored as the old one (Save3, unchanged).
const Hero = t.struct('quest.Hero', { name: t.string, gold: t.u32 });
const Party4 = t.struct('quest.Party', { heroes: t.vec(Hero), log: t.records(Step) });
const Save4 = t.versioned('quest.Save', [
  { since: 0, schema: Save3 },
  {
    since: 4, schema: Party4,
    from: (old) => ({ heroes: [{ name: old.name, gold: old.gold }], log: old.log }),
    to: (party) => ({   // for releases 1..4: the leader, with the party's gold
      name: party.heroes[0]?.name ?? '',
      gold: party.heroes.reduce((sum, h) => sum + h.gold, 0),
      log: party.log,
    }),
  },
]);
export const release5 = codec(Save4, { version: 4 });
// #endregion release5

// #region release6
// Release 6 (data version 5): the party gains a difficulty; older saves load as Normal.
const Party = t.struct('quest.Party', {
  heroes: t.vec(Hero),
  log: t.records(Step),
  mode: t.field(t.enum('quest.Mode', ['Normal', 'Hard']), { since: 5 }),
});
export const Save = t.versioned('quest.Save', [
  { since: 0, schema: Save3 },
  {
    since: 4, schema: Party,
    from: (old) => ({ heroes: [{ name: old.name, gold: old.gold }], log: old.log, mode: 'Normal' as const }),
    to: (party) => ({
      name: party.heroes[0]?.name ?? '',
      gold: party.heroes.reduce((sum, h) => sum + h.gold, 0),
      log: party.log,
    }),
  },
]);
export const saves = codec(Save, { version: 5 });
// #endregion release6

/** The releases in order: release k writes data version k - 1. */
export const releases = [release1, release2, release3, release4, release5, saves] as const;

/** Release 1's new game: a log of two steps. */
export function newGame() {
  const log = new RecordArray(Step0, 2);
  log.push({ tick: 0, x: 0, y: 0 });
  log.push({ tick: 10, x: 1, y: -1 });
  return { hero: 'Ann', gold: 900, log };
}

// #region mistake
// A mistake in release 6: the new field without `since`. Version 4, released, would store it too.
const Forgetful = t.struct('quest.Party', {
  heroes: t.vec(Hero),
  log: t.records(Step),
  mode: t.enum('quest.Mode', ['Normal', 'Hard']),
});
export const forgetful = codec(t.versioned('quest.Save', [
  { since: 0, schema: Save3 },
  { since: 4, schema: Forgetful, from: (old) => ({ heroes: [{ name: old.name, gold: old.gold }], log: old.log, mode: 'Normal' as const }) },
]), { version: 5 });
// #endregion mistake
