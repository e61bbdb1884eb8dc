// t.versioned(name, generations): a type stored as one of several generations (fxfs's
// versioned_type!), each any schema, used from its `since` up to the next one's. Loading converts
// an older generation up with the chain of `from`; writing an older version converts down with
// `to` (codec/generations.ts). The generation list is checked here, at definition.

import { SavepackError } from '../errors.ts';
import type { Generation, Infer, Schema, VersionedSchema } from '../schema/types.ts';
import { checkVersion, isSchema } from './fields.ts';
import { checkTypeName } from './struct.ts';

/** The first generation: no conversion before it. */
export interface FirstGeneration<S extends Schema> { since: 0; schema: S }
/** A later generation: `from` the previous one (required), `to` it (optional: writing older versions). */
export interface NextGeneration<P extends Schema, S extends Schema> {
  since: number;
  schema: S;
  from: (prev: Infer<P>) => Infer<S>;
  to?: (value: Infer<S>) => Infer<P>;
}

type F<S extends Schema> = FirstGeneration<S>;
type N<P extends Schema, S extends Schema> = NextGeneration<P, S>;

const bad = (name: string, msg: string): never => { throw new SavepackError('INVALID_SCHEMA', `t.versioned ${msg}`, name); };

/** A type stored as one generation per range of data versions; in memory, the newest generation's value. */
function versioned<A extends Schema>(name: string, g: [F<A>]): VersionedSchema<A>;
function versioned<A extends Schema, B extends Schema>(name: string, g: [F<A>, N<A, B>]): VersionedSchema<B>;
function versioned<A extends Schema, B extends Schema, C extends Schema>(name: string, g: [F<A>, N<A, B>, N<B, C>]): VersionedSchema<C>;
function versioned<A extends Schema, B extends Schema, C extends Schema, D extends Schema>(name: string, g: [F<A>, N<A, B>, N<B, C>, N<C, D>]): VersionedSchema<D>;
function versioned<A extends Schema, B extends Schema, C extends Schema, D extends Schema, E extends Schema>(
  name: string, g: [F<A>, N<A, B>, N<B, C>, N<C, D>, N<D, E>]): VersionedSchema<E>;
function versioned<A extends Schema, B extends Schema, C extends Schema, D extends Schema, E extends Schema, G extends Schema>(
  name: string, g: [F<A>, N<A, B>, N<B, C>, N<C, D>, N<D, E>, N<E, G>]): VersionedSchema<G>;
function versioned<A extends Schema, B extends Schema, C extends Schema, D extends Schema, E extends Schema, G extends Schema, H extends Schema>(
  name: string, g: [F<A>, N<A, B>, N<B, C>, N<C, D>, N<D, E>, N<E, G>, N<G, H>]): VersionedSchema<H>;
function versioned<A extends Schema, B extends Schema, C extends Schema, D extends Schema, E extends Schema, G extends Schema, H extends Schema, I extends Schema>(
  name: string, g: [F<A>, N<A, B>, N<B, C>, N<C, D>, N<D, E>, N<E, G>, N<G, H>, N<H, I>]): VersionedSchema<I>;
/** Longer histories: the values passed to `from`/`to` are untyped; the result is typed by `S`, the newest schema. */
function versioned<S extends Schema = Schema>(name: string, g: readonly Generation[]): VersionedSchema<S>;
/* @__NO_SIDE_EFFECTS__ */
function versioned(name: string, input: readonly Generation[]): VersionedSchema {
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
