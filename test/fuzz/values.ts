// Random in-memory values for any schema (at the codec's current version), used to make valid
// files that the mutators then damage.

import { RecordArray, type Schema } from '../../src/index.ts';
import type { FieldDef } from '../../src/schema/types.ts';
import type { Rng } from './rng.ts';

interface Ctx {
  rng: Rng;
  /** t.lazy expansions left for the whole value (keeps trees finite). */
  nodes: number;
  /** Current t.lazy nesting. */
  depth: number;
  /** Deepest t.lazy nesting allowed (the codec's maxDepth is 256). */
  maxDepth: number;
  /** Largest collection length. */
  maxLen: number;
  /** Value makers for custom types by name (when decode(random base) would throw). */
  custom: Record<string, (rng: Rng) => unknown>;
}

const NUM_EDGES: Record<string, number[]> = {
  u8: [0, 1, 127, 128, 255], i8: [-128, -1, 0, 1, 127], u16: [0, 255, 256, 65535], i16: [-32768, -1, 0, 32767],
  u32: [0, 127, 128, 16383, 16384, 0x7fffffff, 0xffffffff], i32: [-0x80000000, -1, 0, 0x7fffffff],
};
const RANGES: Record<string, [number, number]> = {
  u8: [0, 0xff], i8: [-0x80, 0x7f], u16: [0, 0xffff], i16: [-0x8000, 0x7fff], u32: [0, 0xffffffff], i32: [-0x80000000, 0x7fffffff],
};
const STRING_PARTS = ['', 'a', 'hello', 'é', 'ß', '日本', '😀', '𝄞', '\u0000', '\uffff', 'x'.repeat(40), 'é'.repeat(30), '\u007f', '\u0080', '\u07ff', '\u0800'];

function randomNumber(kind: string, rng: Rng): number {
  if (kind === 'f32' || kind === 'f64') {
    const r = rng.float();
    const x = r < 0.1 ? rng.pick([0, -0, NaN, Infinity, -Infinity, 1.5, -2.25, Number.MIN_VALUE, Number.MAX_VALUE])
      : r < 0.5 ? rng.range(-1000, 1000)
      : (rng.float() - 0.5) * 2 ** rng.range(-60, 60);
    return kind === 'f32' ? Math.fround(x) : x;
  }
  if (rng.chance(0.3)) return rng.pick(NUM_EDGES[kind]!);
  const [lo, hi] = RANGES[kind]!;
  return lo + Math.floor(rng.float() * (hi - lo + 1));
}

function randomBig(kind: string, rng: Rng): bigint {
  if (rng.chance(0.3)) return BigInt(rng.range(-3, 3)) & (kind === 'u64' ? 0xffffffffffffffffn : -1n);
  const u = (BigInt(rng.u32()) << 32n) | BigInt(rng.u32());
  return kind === 'u64' ? u : BigInt.asIntN(64, u);
}

function randomString(rng: Rng, maxLen: number): string {
  if (rng.chance(0.05)) return 'long '.repeat(rng.range(1, Math.max(1, maxLen)));
  let s = '';
  const n = rng.size(Math.min(12, maxLen));
  for (let i = 0; i < n; i++) s += rng.chance(0.5) ? String.fromCharCode(rng.range(0x20, 0x7e)) : rng.pick(STRING_PARTS);
  return s;
}

const TYPED: Record<string, new (n: number) => ArrayBufferView & { length: number }> = {
  u8: Uint8Array, i8: Int8Array, u16: Uint16Array, i16: Int16Array, u32: Uint32Array, i32: Int32Array,
  u64: BigUint64Array, i64: BigInt64Array, f32: Float32Array, f64: Float64Array,
};

/** Whether a value of `s` must contain a t.lazy (cannot be made finite by emptying collections). */
function mustRecurse(s: Schema, seen = new Set<Schema>()): boolean {
  if (seen.has(s)) return true;
  seen.add(s);
  try {
    switch (s.kind) {
      case 'lazy': return true;
      case 'array': return s.length > 0 && mustRecurse(s.item, seen);
      case 'tuple': return s.items.some((x: Schema) => mustRecurse(x, seen));
      case 'struct': return s.fields.some((f: FieldDef) => !f.removed && !f.ignore && mustRecurse(f.schema, seen));
      case 'union': return s.variants.every((v) => v.fields !== null && v.fields.some((f) => !f.removed && mustRecurse(f.schema, seen)));
      case 'custom': return mustRecurse(s.base, seen);
      default: return false;
    }
  } finally {
    seen.delete(s);
  }
}

function fieldsValue(fields: readonly FieldDef[], version: number, c: Ctx, into: Record<string, unknown>): Record<string, unknown> {
  for (const f of fields) {
    if (f.removed) continue;
    into[f.name] = gen(f.schema, version, c);
  }
  return into;
}

function len(c: Ctx, max = c.maxLen): number {
  return c.nodes <= 0 || c.depth >= c.maxDepth ? 0 : c.rng.size(max);
}

function list(n: number, item: Schema, version: number, c: Ctx): unknown[] {
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = gen(item, version, c);
  return out;
}

function gen(s: Schema, version: number, c: Ctx): unknown {
  const { rng } = c;
  switch (s.kind) {
    case 'bool': return rng.chance(0.5);
    case 'u8': case 'i8': case 'u16': case 'i16': case 'u32': case 'i32': case 'f32': case 'f64': return randomNumber(s.kind, rng);
    case 'u64': case 'i64': return randomBig(s.kind, rng);
    case 'string': return randomString(rng, c.maxLen);
    case 'bytes': return rng.bytes(rng.chance(0.05) ? rng.int(c.maxLen * 64) : rng.size(c.maxLen));
    case 'unit': case 'canary': return undefined;
    case 'array': return list(s.length, s.item, version, c);
    case 'vec': return list(len(c), s.item, version, c);
    case 'option': return c.nodes <= 0 || c.depth >= c.maxDepth || rng.chance(0.3) ? undefined : gen(s.item, version, c);
    case 'tuple': {
      const out: unknown[] = [];
      for (const x of s.items as readonly Schema[]) out.push(gen(x, version, c));
      return out;
    }
    case 'map': {
      const m = new Map<unknown, unknown>();
      for (let i = len(c); i > 0; i--) m.set(gen(s.key, version, c), gen(s.value, version, c));
      return m;
    }
    case 'typed': {
      const n = rng.chance(0.05) ? rng.int(c.maxLen * 64) : rng.size(c.maxLen);
      const a = new TYPED[s.element]!(n);
      new Uint8Array(a.buffer).set(rng.bytes(a.byteLength));
      return a;
    }
    case 'records': {
      const n = rng.chance(0.05) ? rng.int(c.maxLen * 16) : rng.size(c.maxLen);
      const items: Record<string, unknown>[] = [];
      for (let i = 0; i < n; i++) items.push(fieldsValue(s.struct.fields, version, c, {}));
      return RecordArray.from(s.struct, items);
    }
    case 'struct': return fieldsValue(s.fields, version, c, {});
    case 'enum': {
      const vs = s.variants.filter((v) => v.since <= version && version <= v.until);
      return rng.pick(vs).name;
    }
    case 'union': {
      let vs = s.variants.filter((v) => v.since <= version && version <= v.until);
      if (c.nodes <= 0 || c.depth >= c.maxDepth) vs = vs.filter((v) => v.fields === null || !v.fields.some((f) => !f.removed && mustRecurse(f.schema)));
      const v = rng.pick(vs);
      return fieldsValue(v.fields ?? [], version, c, { [s.tag]: v.name });
    }
    case 'lazy': {
      c.nodes--;
      c.depth++;
      try {
        return gen(s.get(), version, c);
      } finally {
        c.depth--;
      }
    }
    case 'custom': return c.custom[s.name] ? c.custom[s.name]!(rng) : s.decode(gen(s.base, version, c));
  }
}

/** A random value of `schema` as it is in memory at `version` (the codec's current version). */
export function randomValue(
  schema: Schema, version: number, rng: Rng,
  o: { nodes?: number; maxDepth?: number; maxLen?: number; custom?: Record<string, (rng: Rng) => unknown> } = {},
): unknown {
  return gen(schema, version, { rng, nodes: rng.range(0, o.nodes ?? 60), depth: 0, maxDepth: o.maxDepth ?? 200, maxLen: o.maxLen ?? 40, custom: o.custom ?? {} });
}
