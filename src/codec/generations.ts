// The conversions of a t.versioned type between its generations, shared by the interpreter and
// the compiled codecs. Loading version v: the value read as the generation holding v goes up the
// chain of `from` to the newest generation; writing version v: the in-memory value goes down the
// chain of `to`. Every result is checked like encode input against the generation it claims to be
// (MIGRATION_FAILED with the path inside the value), since user code made it.

import { SavepackError } from '../errors.ts';
import { valueProblem } from '../layout/value-check.ts';
import { describeSchema } from '../schema/diff.ts';
import { generationIndex, generationLabel, generationPair } from '../schema/generations.ts';
import type { Schema, VersionedSchema } from '../schema/types.ts';
import { storedFields } from '../schema/versions.ts';

type Convert = (x: unknown) => unknown;
const same: Convert = (x) => x;

/** Runs one conversion `fn` of pair (a -> b) and checks its result against generation `into`. */
function step(s: VersionedSchema, fn: Convert, what: 'from' | 'to', a: number, b: number, into: number, x: unknown): unknown {
  let y: unknown;
  try {
    y = fn(x);
  } catch (e) {
    // A deliberate refusal (NOT_SUPPORTED, e.g. a `to` that cannot downgrade) or a nested migration failure stays as it is.
    if (e instanceof SavepackError && (e.code === 'NOT_SUPPORTED' || e.code === 'MIGRATION_FAILED')) throw e;
    throw new SavepackError('MIGRATION_FAILED', `${what} of ${generationPair(s, a, b)} threw: ${String((e as Error)?.message ?? e)}`, '', { cause: e });
  }
  const target = s.generations[into]!.schema, p = valueProblem(target, y);
  if (p) throw new SavepackError('MIGRATION_FAILED', `${what} of ${generationPair(s, a, b)} gave a value that does not fit ${describeSchema(target)}: ${p.problem}`, p.path);
  return y;
}

const upCache = new WeakMap<VersionedSchema, Convert[]>();
const downCache = new WeakMap<VersionedSchema, Convert[]>();

/** The function `make(g, last)` cached in `cache` for (`s`, generation `g`); identity for the newest generation. */
function perGeneration(cache: WeakMap<VersionedSchema, Convert[]>, s: VersionedSchema, g: number, make: (g: number, last: number) => Convert): Convert {
  let byGen = cache.get(s);
  if (!byGen) cache.set(s, (byGen = []));
  const last = s.generations.length - 1;
  return byGen[g] ??= g === last ? same : make(g, last);
}

/** Decode: the function taking a value of the generation holding data version `v` to the newest generation (identity when it is the newest). */
export function upFrom(s: VersionedSchema, v: number): Convert {
  return perGeneration(upCache, s, generationIndex(s, v), (g, last) => (x) => {
    for (let i = g + 1; i <= last; i++) x = step(s, s.generations[i]!.from as Convert, 'from', i - 1, i, i, x);
    return x;
  });
}

/**
 * Encode: the function taking an in-memory (newest generation) value down to the generation
 * holding data version `v`; where a generation on the way has no `to`, it throws NOT_SUPPORTED
 * naming the pair (only when a value is written: an empty vector of them needs none).
 */
export function downTo(s: VersionedSchema, v: number): Convert {
  return perGeneration(downCache, s, generationIndex(s, v), (g, last) => (x) => {
    for (let i = last; i > g; i--) {
      const to = s.generations[i]!.to as Convert | undefined;
      if (!to) {
        throw new SavepackError('NOT_SUPPORTED', `${generationPair(s, i - 1, i)} has no to function: a value cannot be written to data version ${v} (stored as generation ${g})`);
      }
      x = step(s, to, 'to', i, i - 1, i - 1, x);
    }
    return x;
  });
}

/**
 * describe(): one line per `t.versioned` type reachable at data version `v` (through the
 * generations that version stores): which generation stores `v` and what loading and writing it run.
 */
export function generationNotes(schema: Schema, v: number): string[] {
  const out: string[] = [];
  const seen = new Set<Schema>();
  const walk = (s: Schema): void => {
    if (seen.has(s)) return;
    seen.add(s);
    switch (s.kind) {
      case 'versioned': {
        const g = generationIndex(s, v), last = s.generations.length - 1;
        const steps = last - g;
        out.push(`versioned ${s.name} (${last + 1} generations): data version ${v} is stored as ${generationLabel(s, g)}; ` +
          (steps ? `a load runs ${steps} from function${steps > 1 ? 's' : ''} (up to the newest), a write ${steps} to` : 'the newest, no conversion'));
        return walk(s.generations[g]!.schema);
      }
      case 'struct': for (const f of storedFields(s.fields, v)) walk(f.type); return;
      case 'union': for (const x of s.variants) for (const f of storedFields(x.fields ?? [], v)) walk(f.type); return;
      case 'array': case 'vec': case 'option': return walk(s.item);
      case 'tuple': for (const x of s.items as readonly Schema[]) walk(x); return;
      case 'map': walk(s.key); return walk(s.value);
      case 'lazy': return walk(s.get());
      case 'custom': return walk(s.base);
      default: return;
    }
  };
  walk(schema);
  return out;
}
