// open(bytes): lazy access to a file by path, with its embedded schema alone. Only the header,
// the checksum and the schema section are checked up front; each get/keys/length walks the
// payload to the value it names (nav.ts) and decodes only that value, with the interpreter.

import { SavepackError } from '../errors.ts';
import { decodeRoot } from '../codec/interpret/decode.ts';
import { describeSchema } from '../schema/diff.ts';
import type { Schema } from '../schema/types.ts';
import { leftOver, Reader } from '../wire/reader.ts';
import { rootName } from '../schema/root-name.ts';
import { cleanError, pathText, type Step } from '../codec/clean-error.ts';
import { readInspected, type FileFacts, type InspectedFile, type InspectOptions } from './file.ts';
import { mapIndex, unwrapPresent, walk, type NavCache, type Place } from './nav.ts';
import { parsePath } from './path.ts';
import { countOf, elementSize, minOf, recordShape, unionFields } from './skip.ts';
import { STORED_V } from '../codec/stored.ts';
import type { TypedKind } from '../kinds/table.ts';
import { COST } from '../layout/cost.ts';

/** A file opened for lazy reading by path (see README "Inspecting files"). */
export interface SaveView {
  /** Container format version (1). */
  readonly formatVersion: number;
  /** The data version the file was written at. */
  readonly dataVersion: number;
  /** The header's flag bits. */
  readonly flags: number;
  /** Every header fact (checksum, compression, section and payload lengths). */
  readonly facts: FileFacts;
  /** The stored schema (the file's schema section). */
  readonly schema: Schema;
  /** The value at `path` ('' or omitted: the whole value, checked to fill the payload exactly); undefined inside an absent option. */
  get(path?: string): unknown;
  /** Field names of a struct (a union: its tag `kind`, then the fields of the variant held), keys of a map, indexes of a sequence. */
  keys(path?: string): unknown[];
  /** Items of a vec/array/tuple/typed/records, entries of a map, bytes of bytes/fixed, characters of a string. */
  length(path?: string): number;
  /** The stored schema of the value at `path` (custom types as stored: their name and base; a union's held variant decides what lies below it). */
  schemaAt(path?: string): Schema;
}

class View implements SaveView {
  readonly formatVersion: number;
  readonly dataVersion: number;
  readonly flags: number;
  readonly facts: FileFacts;
  readonly schema: Schema;
  readonly #f: InspectedFile;
  readonly #root: string;
  readonly #cache: NavCache = { seqs: new Map(), maps: new Map() };
  readonly #nav: Reader;

  constructor(f: InspectedFile) {
    this.#f = f;
    this.facts = f.facts;
    this.formatVersion = f.facts.formatVersion;
    this.dataVersion = f.facts.dataVersion;
    this.flags = f.facts.flags;
    this.schema = f.schema;
    this.#root = rootName(f.schema);
    this.#nav = Reader.over(f.buf, f.start, f.end, f.limits);
  }

  /** Walks to `path`, with every failure a clean SavepackError. */
  #place(path: unknown): Place {
    const steps = parsePath(path);
    const trail: Step[] = this.#root ? [this.#root] : [];
    const r = this.#nav;
    r.pos = this.#f.start; r.depth = 0;
    try {
      return walk(r, this.schema, steps, this.#cache, trail);
    } catch (e) {
      throw cleanError(e, pathText(trail));
    }
  }

  /** Runs `read` over a reader at a stored place, with failures reported at the place's path. */
  #at<T>(p: Place & { at: 'data' }, read: (r: Reader, s: Schema, trail: Step[]) => T): T {
    const f = this.#f;
    const r = Reader.over(f.buf, f.start, f.end, f.limits);
    r.pos = p.pos; r.depth = p.depth;
    const trail = [...p.trail];
    try {
      return read(r, p.s, trail);
    } catch (e) {
      throw cleanError(e, pathText(trail));
    }
  }

  get(path?: string): unknown {
    const p = this.#place(path);
    if (p.at === 'absent') return undefined;
    if (p.at === 'plain') return p.value;
    const whole = p.pos === this.#f.start && p.trail.length <= (this.#root ? 1 : 0);
    const [v, end] = this.#at(p, (r, s, trail) => [decodeRoot(r, s, { v: STORED_V, path: trail }), r.pos] as const);
    if (whole && end !== this.#f.end) throw leftOver(this.#f.end - end);
    return v;
  }

  keys(path?: string): unknown[] {
    return this.#parts(path, 'keys') as unknown[];
  }

  length(path?: string): number {
    return this.#parts(path, 'length') as number;
  }

  schemaAt(path?: string): Schema {
    const p = this.#place(path);
    if (p.at === 'absent') throw new SavepackError('INVALID_VALUE', 'the path passes through an absent option', pathText(p.trail));
    if (p.at === 'plain') return p.s ?? { kind: 'unit' };
    let s = p.s;
    while (s.kind === 'lazy') s = s.get();
    return s;
  }

  /** keys() and length() of the value at `path`. */
  #parts(path: string | undefined, what: 'keys' | 'length'): unknown[] | number {
    const p = this.#place(path);
    if (p.at === 'absent') throw new SavepackError('INVALID_VALUE', `${what}: the path passes through an absent option`, pathText(p.trail));
    if (p.at === 'plain') return plainParts(p.value, what, pathText(p.trail));
    return this.#at(p, (r, s0, trail) => {
      const s = unwrapPresent(r, s0);
      if (!s) return plainParts(undefined, what, pathText(trail));
      const n = (count: number) => {
        if (what === 'length') return count;
        r.charge(COST.ARRAY + count * COST.SLOT); // the index list is allocated: bounded like a decode
        return Array.from({ length: count }, (_, i) => i);
      };
      switch (s.kind) {
        case 'struct': return what === 'keys' ? s.fields.map((f) => f.name) : s.fields.length;
        case 'array': return n(s.length);
        case 'tuple': return n(s.items.length);
        case 'vec': return n(countOf(r, minOf(s.item)));
        case 'typed': return n(countOf(r, elementSize(s.element as TypedKind)));
        case 'records': return n(countOf(r, recordShape(s.struct).size));
        case 'map': { const index = mapIndex(r, s, this.#cache, trail); return what === 'keys' ? [...index.keys()] : index.size; }
        case 'union': {
          const names = ['kind', ...(unionFields(r, s).fields ?? []).map((f) => f.name).filter((x) => x !== 'kind')];
          return what === 'keys' ? names : names.length;
        }
        default: {
          if (what === 'keys') throw new SavepackError('INVALID_VALUE', `keys: ${describeSchema(s)} has no keys`);
          if (s.kind === 'fixed') return s.length;
          if (s.kind === 'string' || s.kind === 'bytes') return (decodeRoot(r, s, { v: STORED_V, path: trail }) as { length: number }).length;
          throw new SavepackError('INVALID_VALUE', `length: ${describeSchema(s)} has no length`);
        }
      }
    });
  }
}

/** keys()/length() of a value already in memory (a record, an element). */
function plainParts(v: unknown, what: 'keys' | 'length', path: string): unknown[] | number {
  if (v !== null && typeof v === 'object') {
    const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    return what === 'keys' ? keys : keys.length;
  }
  if (what === 'length' && typeof v === 'string') return v.length;
  throw new SavepackError('INVALID_VALUE', `${what}: a ${v === undefined ? 'absent value' : typeof v} has no ${what}`, path);
}

/**
 * Opens a savepack file for lazy reading by path with its embedded schema alone: the header,
 * checksum and schema section are checked now, values only when asked for. A file without a
 * schema section is NOT_SUPPORTED.
 */
export function open(bytes: Uint8Array | ArrayBuffer, options?: InspectOptions): SaveView {
  return new View(readInspected(bytes, options));
}
