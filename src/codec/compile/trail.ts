// Run-time side of compiled error paths. A generated function that fails hands the error to `at`
// with the path segments of the step it was at; the error travels up as a Trail collecting each
// function's segments, and `finish` renders the whole path the way the interpreter does. The
// messages are the interpreter's own: a failed check re-runs the interpreter on that one node
// (numbers, strings, a struct that is not an object...), never on anything that runs user code.

import { SavepackError } from '../../errors.ts';
import type { Schema } from '../../schema/types.ts';
import { dataError, type Reader } from '../../wire/reader.ts';
import { Writer } from '../../wire/writer.ts';
import { withPath } from '../failure.ts';
import { decodeValue } from '../interpret/decode.ts';
import { encodeValue } from '../interpret/encode.ts';
import { renderPath } from '../interpret/path.ts';

type Seg = string | number;

/** An error on its way out of generated code, with the path segments of every function it left. */
export class Trail {
  /** Segments, innermost function first. */
  readonly parts: Seg[][] = [];
  /** The value whose t.lazy nesting went past maxDepth (encode): an ancestor holding it makes it a cycle. */
  target: unknown;
  constructor(public err: unknown) {}
}

/** Adds the segments of the step a generated function failed at. */
export function at(e: unknown, segs: Seg[]): Trail {
  const t = e instanceof Trail ? e : new Trail(e);
  t.parts.push(segs);
  return t;
}

/** The error a compiled payload function throws: the collected path under `root`, as the interpreter reports it. */
export function finish(e: unknown, root: string, code: 'INVALID_VALUE' | 'INVALID_DATA'): SavepackError {
  const t = e instanceof Trail ? e : new Trail(e);
  const path: Seg[] = root ? [root] : [];
  for (let i = t.parts.length - 1; i >= 0; i--) path.push(...t.parts[i]!);
  return withPath(t.err, renderPath(path), code);
}

/** The path segment of a map entry's value with key `k`. */
export function keySeg(k: unknown): string {
  return `[${JSON.stringify(typeof k === 'bigint' ? String(k) : k) ?? String(k)}]`;
}

const scratch = new Writer(64);

/**
 * Encode: throws the interpreter's error for value `x` of `s`, whose node-level check failed in
 * compiled code (`s` is a leaf, or a composite that fails before it looks at any part).
 * `missing` names a field read from `src`: an absent one is reported as missing.
 */
export function valueFailer(v: number, maxDepth: number) {
  return (s: Schema, x: unknown, src?: object, missing?: { name: string; owner: string }): never => {
    if (missing && x === undefined && !(missing.name in src!)) missingField(missing);
    scratch.pos = scratch.origin = scratch.base = 0;
    encodeValue(scratch, s, x, { v, maxDepth, depth: 0, path: [], stack: [] });
    throw new SavepackError('INVALID_VALUE', 'invalid value');
  };
}

/** Encode: a field absent from the object. */
export function missingField(f: { name: string; owner: string }): never {
  throw new SavepackError('INVALID_VALUE', `missing field '${f.name}' of ${f.owner}`);
}

/** Encode: a Map whose size differs from what iterating it gave. */
export function mapCountFail(n: number, count: number): never {
  throw new SavepackError('INVALID_VALUE', `the Map's size says ${n} entries but iterating it gave ${count > n ? 'more' : count}: a Map that changes while it is encoded, or whose size lies, cannot be written`);
}

/** Encode: `x` nests past maxDepth through t.lazy `s` (a cycle when an enclosing t.lazy holds `x`: see `lazyExit`). */
export function depthFailer(v: number, maxDepth: number) {
  return (s: Schema, x: unknown): never => {
    const t = new Trail(interpretedError(s, x, v, maxDepth, []));
    t.target = x;
    throw t;
  };
}

/** Encode: an error leaving a t.lazy function of value `x`; past maxDepth at `x` itself, it is a cycle. */
export function lazyExiter(v: number, maxDepth: number) {
  return (e: unknown, s: Schema, x: unknown): unknown => {
    if (e instanceof Trail && e.target !== undefined && e.target === x) {
      e.err = interpretedError(s, x, v, maxDepth, [x]);
      e.target = undefined;
    }
    return e;
  };
}

function interpretedError(s: Schema, x: unknown, v: number, maxDepth: number, stack: unknown[]): unknown {
  try {
    encodeValue(scratch, s, x, { v, maxDepth, depth: maxDepth, path: [], stack });
  } catch (e) {
    return e;
  }
  return new SavepackError('LIMIT_EXCEEDED', 'value nests too deeply');
}

/** Encode: `s.encode(x)`; a throw that is not a SavepackError is INVALID_VALUE with it as the cause. */
export function customEncoder(s: Extract<Schema, { kind: 'custom' }>) {
  return (x: unknown): unknown => {
    try { return s.encode(x); } catch (e) {
      if (e instanceof SavepackError) throw e;
      throw new SavepackError('INVALID_VALUE', `custom type ${s.name} encode threw: ${String((e as Error)?.message ?? e)}`, '', { cause: e });
    }
  };
}

/** Decode: `s.decode(base)`; a throw that is not a SavepackError is INVALID_DATA with it as the cause. */
export function customDecoder(s: Extract<Schema, { kind: 'custom' }>) {
  return (base: unknown): unknown => {
    try { return s.decode(base); } catch (e) {
      if (e instanceof SavepackError) throw e;
      throw new SavepackError('INVALID_DATA', `custom type ${s.name} decode threw: ${String((e as Error)?.message ?? e)}`, '', { cause: e });
    }
  };
}

/**
 * Decode: a block of fixed-size values starting at payload position `p` failed a check (bounds,
 * a bool or enum byte, a canary, an option flag, a discriminant): the interpreter reads the block
 * again from `p` and throws what it finds first, with the item's segments. Fixed-size blocks hold
 * no user code (no hooks, no default functions, no older types), so nothing runs twice.
 */
export function blockFailer(v: number) {
  return (r: Reader, p: number, items: readonly (readonly [Schema, readonly Seg[]])[]): never => {
    r.pos = p;
    for (const [s, segs] of items) {
      const st = { v, path: [] as Seg[] };
      try {
        decodeValue(r, s, st);
      } catch (e) {
        throw at(e, [...segs, ...st.path]);
      }
    }
    return dataError('INVALID_DATA', 'invalid data');
  };
}
