// Walking a stored payload to the value a path names, without decoding what lies before it:
// fixed-size parts by arithmetic, items of fixed size by index, variable-size items of a vector
// skipped one by one with a checkpoint every CHECKPOINT items (so a repeated get starts near its
// item), map entries found through an index of their keys built once per map.

import { SavepackError } from '../errors.ts';
import { decodeRoot } from '../codec/interpret/decode.ts';
import { keyGuard } from '../codec/map-guard.ts';
import { NUMBER, type TypedKind } from '../kinds/table.ts';
import { RecordArray } from '../records/record-array.ts';
import { validateRecords } from '../records/validate.ts';
import { describeSchema } from '../schema/diff.ts';
import { printable } from '../schema/printable.ts';
import type { Schema, StructSchema } from '../schema/types.ts';
import { dataError, Reader } from '../wire/reader.ts';
import type { Step } from '../codec/clean-error.ts';
import type { PathStep } from './path.ts';
import { advance, countOf, elementSize, minOf, present, recordShape, sizeOf, skipValue, unionFields } from './skip.ts';
import { STORED_V } from '../codec/stored.ts';

/** Items between two remembered positions of a vector of variable-size items. */
export const CHECKPOINT = 16;

/** Where a path led: a stored value at `pos` (of schema `s`), an absent option, or a value already in memory. */
export type Place =
  | { at: 'data'; s: Schema; pos: number; depth: number; trail: Step[] }
  | { at: 'absent'; trail: Step[] }
  | { at: 'plain'; value: unknown; s: Schema | undefined; trail: Step[] };

/** The caches of one opened file: per vector its checkpoints, per map its key index. */
export interface NavCache {
  seqs: Map<number, number[]>;
  maps: Map<number, Map<unknown, number>>;
}

const badPath = (step: PathStep, why: string): never => {
  throw new SavepackError('INVALID_VALUE', why, printable(step.text));
};

/** `s` without t.lazy (counted against maxDepth) and custom wrappers. */
function unwrap(r: Reader, s: Schema): Schema {
  for (;;) {
    if (s.kind === 'lazy') {
      if (++r.depth > r.limits.maxDepth) dataError('LIMIT_EXCEEDED', `data nests deeper than limits.maxDepth (${r.limits.maxDepth})`);
      s = s.get();
    } else if (s.kind === 'custom') s = s.base;
    else return s;
  }
}

/** `s` unwrapped and, for an option, past its flag to its item unwrapped; undefined when the option is absent. */
export function unwrapPresent(r: Reader, s: Schema): Schema | undefined {
  s = unwrap(r, s);
  if (s.kind !== 'option') return s;
  return present(r) ? unwrap(r, s.item) : undefined;
}

/** Follows `steps` from the root value (schema `root` at `r.pos`); `trail` collects the path for error messages. */
export function walk(r: Reader, root: Schema, steps: readonly PathStep[], cache: NavCache, trail: Step[]): Place {
  let s = root;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const v = unwrapPresent(r, s);
    if (!v) return { at: 'absent', trail };
    s = v;
    switch (s.kind) {
      case 'struct': {
        const name = step.kind === 'name' ? step.name : badPath(step, `${describeSchema(s)} has fields, not indexes`);
        const k = s.fields.findIndex((f) => f.name === name);
        if (k < 0) badPath(step, `${describeSchema(s)} has no field ${JSON.stringify(printable(name))} (fields: ${s.fields.slice(0, 12).map((f) => printable(f.name)).join(', ')})`);
        for (let j = 0; j < k; j++) skipValue(r, s.fields[j]!.schema);
        trail.push(name);
        s = s.fields[k]!.schema;
        break;
      }
      case 'union': {
        const name = step.kind === 'name' ? step.name : badPath(step, `${describeSchema(s)} has fields, not indexes`);
        const u = unionFields(r, s);
        if (name === 'kind' && !(u.fields ?? []).some((f) => f.name === 'kind')) return walkPlain(u.name, { kind: 'string' }, steps, i + 1, [...trail, 'kind']);
        const fs = u.fields ?? [];
        const k = fs.findIndex((f) => f.name === name);
        if (k < 0) badPath(step, `${describeSchema(s)} holds variant ${printable(u.name)} here, which has no field ${JSON.stringify(printable(name))}`);
        for (let j = 0; j < k; j++) skipValue(r, fs[j]!.schema);
        trail.push(`?${u.name}`, name);
        s = fs[k]!.schema;
        break;
      }
      case 'array': case 'vec': case 'tuple': {
        const idx = step.kind === 'index' ? step.index : badPath(step, `${describeSchema(s)} has indexes, not fields`);
        if (s.kind === 'tuple') {
          const items = s.items as readonly Schema[];
          if (idx < 0 || idx >= items.length) badPath(step, `index ${idx} outside ${describeSchema(s)}`);
          for (let j = 0; j < idx; j++) skipValue(r, items[j]!);
          s = items[idx]!;
        } else {
          const n = s.kind === 'array' ? s.length : countOf(r, minOf(s.item));
          if (idx < 0 || idx >= n) badPath(step, `index ${idx} outside the ${n} items of ${describeSchema(s)}`);
          seek(r, s.item, idx, cache);
          s = s.item;
        }
        trail.push(idx);
        break;
      }
      case 'map': {
        const index = mapIndex(r, s, cache, trail);
        const key = step.kind === 'name' ? step.name : Number.isSafeInteger(step.index) ? step.index : step.big;
        let at = index.get(key);
        if (at === undefined && step.kind === 'index') at = index.get(step.big);
        const shown = typeof key === 'string' ? JSON.stringify(key) : String(key);
        if (at === undefined) badPath(step, `no key ${shown} in ${describeSchema(s)} of ${index.size} entries`);
        r.pos = at!;
        trail.push(`[${shown}]`);
        s = s.value;
        break;
      }
      case 'typed': case 'records': {
        const idx = step.kind === 'index' ? step.index : badPath(step, `${describeSchema(s)} has indexes, not fields`);
        const w = s.kind === 'typed' ? elementSize(s.element as TypedKind) : recordShape(s.struct).size;
        const n = countOf(r, w);
        r.align(s.kind === 'typed' ? w : recordShape(s.struct).align);
        advance(r, n * w);
        if (idx < 0 || idx >= n) badPath(step, `index ${idx} outside the ${n} items of ${describeSchema(s)}`);
        const at = r.pos - (n - idx) * w;
        trail.push(idx);
        if (s.kind === 'typed') return walkPlain(NUMBER[s.element as TypedKind].get(r.view, at), { kind: s.element } as Schema, steps, i + 1, trail);
        return walkPlain(recordAt(r, s.struct, at, w), s.struct, steps, i + 1, trail);
      }
      default: badPath(step, `${describeSchema(s)} has no parts`);
    }
  }
  return { at: 'data', s, pos: r.pos, depth: r.depth, trail };
}

/** The record at `buf[at, at + size)` as a plain object (its bools and enums checked). */
function recordAt(r: Reader, s: StructSchema, at: number, size: number): unknown {
  const one = r.buf.slice(at, at + size);
  validateRecords(s, one, 1, size);
  return RecordArray.fromBytes(s, one).get(0);
}

/** Follows the rest of `steps` inside a value already in memory (a record, an element, a variant name). */
function walkPlain(value: unknown, s: Schema | undefined, steps: readonly PathStep[], from: number, trail: Step[]): Place {
  for (let i = from; i < steps.length; i++) {
    const step = steps[i]!;
    if (s && s.kind === 'struct' && step.kind === 'name') {
      const f = s.fields.find((x) => x.name === step.name);
      if (!f) badPath(step, `${describeSchema(s)} has no field ${JSON.stringify(printable(step.name))}`);
      value = (value as Record<string, unknown>)[step.name]; s = f!.schema; trail.push(step.name);
    } else if (s && (s.kind === 'array' || s.kind === 'tuple') && step.kind === 'index' && step.index >= 0 && step.index < (value as unknown[]).length) {
      value = (value as unknown[])[step.index]; s = s.kind === 'array' ? s.item : (s.items as Schema[])[step.index]; trail.push(step.index);
    } else badPath(step, `${s ? describeSchema(s) : typeof value} has no part ${JSON.stringify(step.kind === 'name' ? printable(step.name) : step.index)}`);
  }
  return { at: 'plain', value, s, trail };
}

/** Moves `r` (at item 0 of a sequence) to item `idx`, by arithmetic for fixed-size items, else from the nearest checkpoint. */
function seek(r: Reader, item: Schema, idx: number, cache: NavCache): void {
  const size = sizeOf(item);
  if (size !== undefined) { advance(r, idx * size); return; }
  let cps = cache.seqs.get(r.pos);
  if (!cps) cache.seqs.set(r.pos, (cps = [r.pos]));
  const k = Math.min(Math.floor(idx / CHECKPOINT), cps.length - 1);
  r.pos = cps[k]!;
  for (let j = k * CHECKPOINT; j < idx; j++) {
    skipValue(r, item);
    if ((j + 1) % CHECKPOINT === 0 && (j + 1) / CHECKPOINT === cps.length) cps.push(r.pos);
  }
}

/** The key → value-position index of the map at `r` (built once: keys decoded, values skipped); leaves `r` after the map. */
export function mapIndex(r: Reader, s: Schema & { kind: 'map' }, cache: NavCache, trail: Step[]): Map<unknown, number> {
  const start = r.pos;
  const hit = cache.maps.get(start);
  if (hit) return hit;
  const n = countOf(r, minOf(s.key) + minOf(s.value));
  const index = new Map<unknown, number>();
  const guard = keyGuard(n);
  const kr = Reader.over(r.buf, r.base, r.end, r.limits);
  kr.charge(n * 48);
  const st = { v: STORED_V, path: [...trail] };
  for (let i = 0; i < n; i++) {
    kr.pos = r.pos; kr.depth = r.depth;
    const k = decodeRoot(kr, s.key, st);
    r.pos = kr.pos;
    index.set(k, r.pos);
    if (guard) guard.add(k, index.size);
    skipValue(r, s.value);
  }
  cache.maps.set(start, index);
  return index;
}
