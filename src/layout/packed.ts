// In-memory record layout and packed eligibility (savefile's Packed rules): natural alignment,
// fields in declared order, little-endian, no padding anywhere (trailing included), fixed size.

import type { Schema } from '../schema/types.ts';
import { LATEST, storedFields } from '../schema/versions.ts';
import { FIXED_SIZE, TAG_WIDTH, numberFacts } from '../kinds/table.ts';
import { perVersion } from './memo.ts';
import { generationAt } from '../schema/generations.ts';

/** Result of {@link layout}: size and alignment when fixed-size, and whether the packed path applies. */
export interface Layout {
  /** Bytes the value takes when fixed-size (a record's stride on the packed path). */
  size?: number;
  /** Alignment of the value in bytes (its widest number), when fixed-size. */
  align?: number;
  /** Whether the value is stored as raw little-endian records (bulk copy, no padding). */
  packed: boolean;
  /** Why the packed path does not apply (the first field or type that prevents it). */
  reason?: string;
}

/** Size, alignment and packed eligibility of `schema` at data version `version` (default: newest); a fresh object. */
export function layout(schema: Schema, version: number = LATEST): Layout {
  return { ...packedLayout(schema, version) };
}

const cached = perVersion((s: Schema, v: number): Readonly<Layout> => Object.freeze(compute(s, v, new Set())));

/** {@link layout}, computed once per (schema, version) and shared (frozen): for the codecs and records. */
export function packedLayout(schema: Schema, version: number = LATEST): Readonly<Layout> {
  return cached(schema, version);
}

function compute(s: Schema, v: number, seen: Set<Schema>): Layout {
  const prim = s.kind === 'bool' || numberFacts(s.kind) ? FIXED_SIZE[s.kind] : undefined;
  if (prim !== undefined) return { size: prim, align: prim, packed: true };
  switch (s.kind) {
    case 'enum': { const n = TAG_WIDTH[s.size]; return { size: n, align: n, packed: true }; }
    case 'unit': return { size: 0, align: 1, packed: true };
    case 'array': {
      const inner = compute(s.item, v, seen);
      if (!inner.packed) return { packed: false, reason: `array item is not packed: ${inner.reason}` };
      return { size: inner.size! * s.length, align: inner.align!, packed: true };
    }
    case 'lazy': {
      if (seen.has(s)) return { packed: false, reason: 'recursive type (t.lazy) has no fixed size' };
      seen.add(s);
      const r = compute(s.get(), v, seen);
      seen.delete(s);
      return r;
    }
    case 'struct': {
      if (seen.has(s)) return { packed: false, reason: `${s.name} is recursive` };
      seen.add(s);
      try {
        let offset = 0, align = 1;
        let prev: { name: string; kind: string; end: number } | undefined;
        for (const { def, type } of storedFields(s.fields, v)) {
          const l = compute(type, v, seen);
          if (!l.packed) return { packed: false, reason: `${s.name}.${def.name} is not packed: ${l.reason}` };
          const a = l.align!;
          const aligned = Math.ceil(offset / a) * a;
          if (aligned !== offset) {
            return {
              packed: false,
              reason: `${s.name}: ${aligned - offset} bytes of padding after ${prev ? prev.name : '(start)'} before ${def.name} (${describe(type)}, align ${a}); reorder fields or add explicit padding fields`,
            };
          }
          offset += l.size!;
          align = Math.max(align, a);
          prev = { name: def.name, kind: type.kind, end: offset };
        }
        const total = Math.ceil(offset / align) * align;
        if (total !== offset) {
          return {
            packed: false,
            reason: `${s.name}: ${total - offset} bytes of trailing padding after ${prev!.name} (size ${offset} rounds up to ${total} for align ${align}); add explicit padding fields`,
          };
        }
        return { size: offset, align, packed: true };
      } finally {
        seen.delete(s);
      }
    }
    case 'canary': return { packed: false, reason: 't.canary writes a magic value, not in-memory data' };
    case 'fixed': return { packed: false, reason: `fixed<${s.length}> is a byte string (a Uint8Array), not in-memory record data; use t.array(t.u8, ${s.length}) in a packed record` };
    case 'uvarint': case 'varint': case 'uvarint64': case 'varint64':
      return { packed: false, reason: `${s.kind} is a compact integer of variable size; use a fixed-width integer in a packed record` };
    case 'custom': return { packed: false, reason: `custom type ${s.name} runs user code` };
    case 'versioned': { // the generation's size, never raw memory: its values convert between generations
      const g = compute(generationAt(s, v).schema, v, seen);
      return { ...(g.size !== undefined ? { size: g.size, align: g.align } : {}), packed: false, reason: `versioned type ${s.name} converts between generations (from/to)` };
    }
    default: return { packed: false, reason: `${describe(s)} has no fixed size` };
  }
}

function describe(s: Schema): string {
  return 'name' in s && typeof s.name === 'string' ? `${s.kind} ${s.name}` : s.kind;
}
