// t.versioned(name, generations): a type stored as one of several generations (fxfs's
// versioned_type!), each any schema, used from its `since` up to the next one's. Loading converts
// an older generation up with the chain of `from`; writing an older version converts down with
// `to` (codec/generations.ts). The generation list is checked here, at definition.

import { SavepackError } from '../errors.ts';
import type { Generation, Infer, Schema, VersionedSchema } from '../schema/types.ts';
import { checkVersion, isSchema } from './fields.ts';
import { checkTypeName } from './struct.ts';

/** The first generation: no conversion before it. */
export interface FirstGeneration<S extends Schema> {
  /** Always 0: the first generation stores every version before the second's `since`. */
  since: 0;
  /** The stored (and, when it is the only one, in-memory) type of this generation. */
  schema: S;
}
/** A later generation: `from` the previous one (required), `to` it (optional: writing older versions). */
export interface NextGeneration<P extends Schema, S extends Schema> {
  /** First data version stored as this generation; after the previous generation's. */
  since: number;
  /** The type of this generation. */
  schema: S;
  /** Converts a value of the previous generation into this one (loading older versions). */
  from: (prev: Infer<P>) => Infer<S>;
  /** Converts a value of this generation into the previous one (writing older versions); without it they cannot be written. */
  to?: (value: Infer<S>) => Infer<P>;
}

type F<S extends Schema> = FirstGeneration<S>;
type N<P extends Schema, S extends Schema> = NextGeneration<P, S>;

function bad(name: string, msg: string): never {
  throw new SavepackError('INVALID_SCHEMA', `t.versioned ${msg}`, name);
}

type S = Schema;
/** The last of the generation schemas given (the unused ones are `never`). */
type Newest<A, B, C, D, E, G, H, I> =
  [I] extends [never] ? [H] extends [never] ? [G] extends [never] ? [E] extends [never] ? [D] extends [never] ? [C] extends [never] ? [B] extends [never] ? A : B : C : D : E : G : H : I;

/**
 * A type stored as one generation per range of data versions; in memory, the newest generation's
 * value. The static types follow up to 8 generations (each `from` gets the previous generation's
 * value); the run time takes any number.
 */
function versioned<A extends S, B extends S = never, C extends S = never, D extends S = never, E extends S = never, G extends S = never, H extends S = never, I extends S = never>(
  name: string, g: [F<A>, N<A, B>?, N<B, C>?, N<C, D>?, N<D, E>?, N<E, G>?, N<G, H>?, N<H, I>?]): VersionedSchema<Newest<A, B, C, D, E, G, H, I>>;
/* @__NO_SIDE_EFFECTS__ */
function versioned(name: string, input: readonly (Generation | undefined)[]): VersionedSchema {
  checkTypeName(name, 't.versioned');
  if (!Array.isArray(input) || input.length === 0) bad(name, 'needs a non-empty array of generations { since, schema, from?, to? }');
  const generations: Generation[] = [];
  for (const [i, g] of input.entries()) {
    const at = `generations[${i}]`;
    if (typeof g !== 'object' || g === null) bad(name, `${at} must be an object { since, schema, from?, to? }`);
    if (!isSchema(g.schema)) bad(name, `${at}.schema is not a schema`);
    const since = checkVersion(g.since, `${at}.since`, name, '');
    if (i === 0 && since !== 0) bad(name, `${at}.since must be 0: the first generation stores every version before the second (got ${since})`);
    const prev = generations[i - 1];
    if (prev && since <= prev.since) bad(name, `generations must be ordered by since, strictly increasing (${at}.since = ${since} after ${prev.since})`);
    if (i === 0 && (g.from !== undefined || g.to !== undefined)) bad(name, `${at} is the first generation: it has nothing to convert from or to (no from/to)`);
    if (i > 0 && typeof g.from !== 'function') bad(name, `${at}.from must be a function converting a generation ${i - 1} value into a generation ${i} value`);
    if (g.to !== undefined && typeof g.to !== 'function') bad(name, `${at}.to must be a function (or absent)`);
    generations.push(Object.freeze({ since, schema: g.schema, ...(g.from ? { from: g.from } : {}), ...(g.to ? { to: g.to } : {}) }));
  }
  return { kind: 'versioned', name, generations: Object.freeze(generations) };
}

export { versioned };
