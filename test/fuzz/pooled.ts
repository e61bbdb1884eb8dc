// Pooled mode: an input is decoded from the middle of a larger ArrayBuffer, as a Buffer from
// Node's shared pool is, with a recognisable canary before and after it. A decoder that reads
// outside [byteOffset, byteOffset + length) of its input shows canary bytes somewhere: in a
// decoded string, bytes, typed array or number, or in an error message (a name quoted, a number
// printed). One that writes outside it breaks the canary. Either is a failure.

import { RecordArray } from '../../src/index.ts';
import type { Rng } from './rng.ts';

/** The canary: printable ASCII (so it survives UTF-8 decoding into strings), repeated. */
export const CANARY = Uint8Array.from('#CnRy!q7', (c) => c.charCodeAt(0));
const C = CANARY.length;
/**
 * A second pattern: the same input is decoded again with this around it, and the outcome must not
 * change. That catches what no pattern search can: a single byte read from outside the input and
 * shown as a small number ("declared length 121").
 */
const OTHER = Uint8Array.from('%kW3@zX&', (c) => c.charCodeAt(0));

/** Where an input sits in its pool. */
export interface PoolPlace {
  /** Bytes of canary before the input (its byteOffset). */
  pre: number;
  /** Bytes of canary after it. */
  post: number;
}

/** Picks a place: mostly 8-aligned like Node's pool, sometimes unaligned; sometimes nothing after. */
export function pickPlace(rng: Rng): PoolPlace {
  const pre = rng.chance(0.75) ? 8 * rng.range(1, 1024) : rng.range(1, 257);
  const post = rng.chance(0.2) ? 0 : rng.pick([1, 7, 8, 64, rng.range(1, 8192)]);
  return { pre, post };
}

/** A pool holding `input` at `place`. */
export interface Pool {
  place: PoolPlace;
  buffer: ArrayBuffer;
  view: Uint8Array;
}

const canaryAt = (i: number) => CANARY[((i % C) + C) % C]!;
const otherAt = (i: number) => OTHER[((i % C) + C) % C]!;

/** Copies `input` into a fresh pool at `place`; the canary's phase is the same on both sides. `other`: fill with the second pattern. */
export function pooled(input: Uint8Array, place: PoolPlace, other = false): Pool {
  const buffer = new ArrayBuffer(place.pre + input.length + place.post);
  const all = new Uint8Array(buffer);
  const at = other ? otherAt : canaryAt;
  for (let i = 0; i < place.pre; i++) all[i] = at(i - place.pre);
  for (let i = 0; i < place.post; i++) all[place.pre + input.length + i] = at(i);
  all.set(input, place.pre);
  return { place, buffer, view: new Uint8Array(buffer, place.pre, input.length) };
}

/** Describes a changed canary byte (the decoder wrote outside its input), or undefined. */
export function canaryBroken(p: Pool): string | undefined {
  const all = new Uint8Array(p.buffer);
  const { pre, post } = p.place;
  const end = pre + p.view.length;
  for (let i = 0; i < pre; i++) if (all[i] !== canaryAt(i - pre)) return `pool byte ${i - pre} (before the input) was changed to ${all[i]}`;
  for (let i = 0; i < post; i++) if (all[end + i] !== canaryAt(i)) return `pool byte ${i} after the input was changed to ${all[end + i]}`;
  return undefined;
}

// Every 4-byte window of the repeated canary, as the u32 (LE and BE) a reader would see.
const windows4: number[] = [];
for (let j = 0; j < C; j++) {
  const b = [0, 1, 2, 3].map((k) => canaryAt(j + k));
  windows4.push((b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0, ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
}
const W4 = new Set(windows4);
/** Numbers a leaked window may show up as: u32, i32, f32 and f64 of its bytes (either order), and their bigints. */
const NUMBERS = new Set<number>();
const BIGS = new Set<bigint>();
{
  const dv = new DataView(new ArrayBuffer(8));
  for (const w of windows4) {
    dv.setUint32(0, w);
    NUMBERS.add(w).add(dv.getInt32(0)).add(dv.getFloat32(0));
  }
  for (let j = 0; j < C; j++) {
    for (let k = 0; k < 8; k++) dv.setUint8(k, canaryAt(j + k));
    for (const le of [true, false]) {
      NUMBERS.add(dv.getFloat64(0, le));
      BIGS.add(dv.getBigUint64(0, le)).add(dv.getBigInt64(0, le));
    }
  }
  NUMBERS.delete(NaN);
}
/** Texts a leaked window may show up as in a message: the ASCII itself, u32 decimals, hex. */
const TEXTS: string[] = [];
for (let j = 0; j < C; j++) TEXTS.push(String.fromCharCode(...[0, 1, 2, 3].map((k) => canaryAt(j + k))));
for (const n of NUMBERS) if (Number.isInteger(n) && Math.abs(n) >= 1e6) TEXTS.push(String(n));
for (const w of windows4) TEXTS.push(w.toString(16).padStart(8, '0'));
for (const b of BIGS) TEXTS.push(String(b));

/** The canary text found in `msg`, or undefined. */
export function canaryInText(msg: string): string | undefined {
  const low = msg.toLowerCase();
  return TEXTS.find((t) => msg.includes(t) || (/^[0-9a-f]{8}$/.test(t) && low.includes(t)));
}

/** Bytes that occur in the canary. */
const IN_CANARY = new Uint8Array(256);
for (const x of CANARY) IN_CANARY[x] = 1;
/** The 4-byte windows as text, for strings in decoded values. */
const WINDOW_TEXT = new RegExp(TEXTS.slice(0, C).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/** The first 4-byte canary window in `b`, as an offset, or -1. */
function windowIn(b: Uint8Array): number {
  // A window covers exactly one offset that is a multiple of 4: look closer only where that byte is a canary byte.
  for (let p = 0; p < b.length; p += 4) {
    if (!IN_CANARY[b[p]!]) continue;
    for (let i = Math.max(0, p - 3); i <= p && i + 4 <= b.length; i++) {
      if (W4.has((b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0)) return i;
    }
  }
  return -1;
}

/** Walks a decoded value (at most `budget` nodes); returns where canary data appears, or undefined. */
export function canaryInValue(value: unknown, budget = 50_000): string | undefined {
  const stack: [unknown, string][] = [[value, '$']];
  const seen = new Set<object>();
  while (stack.length && budget-- > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      const m = WINDOW_TEXT.exec(v);
      if (m) return `${at}: string contains ${JSON.stringify(m[0])}`;
    } else if (typeof v === 'number') {
      if (NUMBERS.has(v)) return `${at}: number ${v} is canary bytes`;
    } else if (typeof v === 'bigint') {
      if (BIGS.has(v) || NUMBERS.has(Number(v))) return `${at}: bigint ${v} is canary bytes`;
    } else if (v && typeof v === 'object') {
      if (seen.has(v)) continue;
      seen.add(v);
      if (ArrayBuffer.isView(v)) {
        const i = windowIn(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
        if (i >= 0) return `${at}: ${v.constructor.name} holds canary bytes at byte ${i}`;
      } else if (v instanceof RecordArray) {
        const i = windowIn(v.bytes);
        if (i >= 0) return `${at}: RecordArray holds canary bytes at byte ${i}`;
      } else if (v instanceof Date) {
        if (NUMBERS.has(v.getTime())) return `${at}: Date ${v.getTime()} is canary bytes`;
      } else if (v instanceof Map) {
        let k = 0;
        for (const [key, x] of v) {
          stack.push([key, `${at}.key${k}`], [x, `${at}.get(${k})`]);
          k++;
        }
      } else {
        for (const key of Object.keys(v)) {
          if (WINDOW_TEXT.test(key)) return `${at}: key ${JSON.stringify(key)} contains canary text`;
          stack.push([(v as Record<string, unknown>)[key], `${at}.${key}`]);
        }
      }
    }
  }
  return undefined;
}

/** Whether two decoded values are the same (Object.is on numbers, so NaN equals NaN; Dates by time; bytes by content); walks at most `budget` nodes, then says yes. */
export function sameValue(a: unknown, b: unknown, budget = 200_000): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length && budget-- > 0) {
    const [x, y] = stack.pop()!;
    if (Object.is(x, y)) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
    if (x instanceof Date) {
      if (!Object.is(x.getTime(), (y as Date).getTime())) return false;
    } else if (ArrayBuffer.isView(x) || x instanceof RecordArray) {
      const bx = x instanceof RecordArray ? x.bytes : new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
      const by = y instanceof RecordArray ? y.bytes : new Uint8Array((y as ArrayBufferView).buffer, (y as ArrayBufferView).byteOffset, (y as ArrayBufferView).byteLength);
      if (bx.length !== by.length || bx.some((v, i) => v !== by[i])) return false;
    } else if (x instanceof Map) {
      const ex = [...x], ey = [...(y as Map<unknown, unknown>)];
      if (ex.length !== ey.length) return false;
      for (let i = 0; i < ex.length; i++) stack.push([ex[i]![0], ey[i]![0]], [ex[i]![1], ey[i]![1]]);
    } else {
      const kx = Object.keys(x), ky = Object.keys(y);
      if (kx.length !== ky.length || kx.some((k, i) => k !== ky[i])) return false;
      for (const k of kx) stack.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]]);
    }
  }
  return true;
}
