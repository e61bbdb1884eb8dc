// The W3/W4 "limit" row: a hand-written codec for exactly the entity shape, with no checks at
// all (trusted input): u32 count, then per entity u32 id, u8 length + name bytes, 3 f64, u16 hp,
// u8 alive, u8 item count, (u8 length + bytes) per item, u8 kind. Strings are written as
// Latin-1/ASCII bytes and read with one fixed-arity String.fromCharCode call per string, the
// fastest short-string primitive in V8 (no ASCII test, no UTF-8). The yardstick of what any
// decoder of this shape can reach on this machine: the allocations (objects, arrays, strings) it
// must make, and nothing else.

import type { Entity, World } from '../types.ts';
import { KINDS } from '../types.ts';

const KIND_INDEX = new Map<string, number>(KINDS.map((k, i) => [k, i]));

/** `ascii(b, p, len)`: the string of bytes b[p, p + len) (len <= 32), one fromCharCode call. */
const ascii = new Function('fcc', `return function (b, p, len) { switch (len) { ${Array.from({ length: 33 }, (_, n) => `case ${n}: return fcc(${Array.from({ length: n }, (_, i) => `b[p + ${i}]`).join(', ')});`).join(' ')} } throw new RangeError('long string'); };`)(String.fromCharCode) as (b: Uint8Array, p: number, len: number) => string;

function putString(out: Uint8Array, o: number, s: string): number {
  out[o++] = s.length;
  for (let i = 0; i < s.length; i++) out[o++] = s.charCodeAt(i);
  return o;
}

/** Encodes entities in the limit row's layout. */
export function encodeEntities(list: readonly Entity[]): Uint8Array {
  let size = 4;
  for (const e of list) {
    size += 4 + 1 + e.name.length + 24 + 2 + 1 + 1 + 1;
    for (const s of e.inventory) size += 1 + s.length;
  }
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, list.length, true);
  let o = 4;
  for (const e of list) {
    dv.setUint32(o, e.id, true); o += 4;
    o = putString(out, o, e.name);
    dv.setFloat64(o, e.pos.x, true); dv.setFloat64(o + 8, e.pos.y, true); dv.setFloat64(o + 16, e.pos.z, true); o += 24;
    dv.setUint16(o, e.hp, true); o += 2;
    out[o++] = e.alive ? 1 : 0;
    out[o++] = e.inventory.length;
    for (const s of e.inventory) o = putString(out, o, s);
    out[o++] = KIND_INDEX.get(e.kind)!;
  }
  return out;
}

// Plain objects (prototype Object.prototype) built by `new`, as savepack's compiled decoders build
// them: object literals have allocation sites, which V8 pretenures in some processes (a GC landing
// mid-decode sees every object of the decode still live), and then this loop ran 5-6.4 ms instead
// of 1.5-1.7 ms. `new` has no allocation site.
function Pos(this: Entity['pos'], x: number, y: number, z: number) { this.x = x; this.y = y; this.z = z; }
Pos.prototype = Object.prototype;
function Ent(this: Entity, id: number, name: string, pos: Entity['pos'], hp: number, alive: boolean, inventory: string[], kind: Entity['kind']) {
  this.id = id; this.name = name; this.pos = pos; this.hp = hp; this.alive = alive; this.inventory = inventory; this.kind = kind;
}
Ent.prototype = Object.prototype;
type Ctor<T, A extends unknown[]> = new (...a: A) => T;
const NewPos = Pos as unknown as Ctor<Entity['pos'], [number, number, number]>;
const NewEnt = Ent as unknown as Ctor<Entity, [number, string, Entity['pos'], number, boolean, string[], Entity['kind']]>;

/** Decodes what {@link encodeEntities} wrote (no checks). */
export function decodeEntities(b: Uint8Array): Entity[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = dv.getUint32(0, true);
  const list: Entity[] = new Array(n);
  let o = 4;
  for (let i = 0; i < n; i++) {
    const id = dv.getUint32(o, true);
    const nl = b[o + 4]!;
    const name = ascii(b, o + 5, nl);
    o += 5 + nl;
    const pos = new NewPos(dv.getFloat64(o, true), dv.getFloat64(o + 8, true), dv.getFloat64(o + 16, true));
    const hp = dv.getUint16(o + 24, true);
    const alive = b[o + 26] === 1;
    const m = b[o + 27]!;
    o += 28;
    const inventory: string[] = new Array(m);
    for (let j = 0; j < m; j++) {
      const l = b[o]!;
      inventory[j] = ascii(b, o + 1, l);
      o += 1 + l;
    }
    const kind = KINDS[b[o++]!]!;
    list[i] = new NewEnt(id, name, pos, hp, alive, inventory, kind);
  }
  return list;
}

/** W3: the world. */
export const encodeWorld = (w: World): Uint8Array => encodeEntities(w.entities);
/** W3: the world back. */
export const decodeWorld = (b: Uint8Array): World => ({ entities: decodeEntities(b) });
/** W4: one entity. */
export const encodeEntity = (e: Entity): Uint8Array => encodeEntities([e]);
/** W4: one entity back. */
export const decodeEntity = (b: Uint8Array): Entity => decodeEntities(b)[0]!;
