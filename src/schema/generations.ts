// Which generation of a `t.versioned` type stores a data version, and how generations are named
// in messages. The conversions between generations (from/to chains) run in codec/generations.ts.

import type { Generation, Schema, VersionedSchema } from './types.ts';

/** Index of the generation of `s` that stores data version `v`: the last one whose `since` is <= v. */
export function generationIndex(s: VersionedSchema, v: number): number {
  const gs = s.generations;
  let i = gs.length - 1;
  while (i > 0 && gs[i]!.since > v) i--;
  return i;
}

/** The generation of `s` that stores data version `v`. */
export function generationAt(s: VersionedSchema, v: number): Generation {
  return s.generations[generationIndex(s, v)]!;
}

/** The newest generation's schema: the in-memory type of `s`. */
export function newestOf(s: VersionedSchema): Schema {
  return s.generations[s.generations.length - 1]!.schema;
}

/** `generation 2 (since 5, game.SaveV3)`: a generation as messages name it. */
export function generationLabel(s: VersionedSchema, i: number): string {
  const g = s.generations[i]!, named = 'name' in g.schema && typeof g.schema.name === 'string' ? `, ${g.schema.name}` : '';
  return `generation ${i} (since ${g.since}${named})`;
}

/** `game.Save generation 1 (since 3, ...) -> generation 2 (since 5, ...)`: a pair of adjacent generations. */
export function generationPair(s: VersionedSchema, from: number, to: number): string {
  return `${s.name} ${generationLabel(s, from)} -> ${generationLabel(s, to)}`;
}
