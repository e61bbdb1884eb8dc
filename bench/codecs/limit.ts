// The "limit" rows: hand-written code that does only what the data demands, as a yardstick
// (never counted as a peer).
//   W1:  a u32 count then x, y pairs, written and read with a Uint32Array loop (DataView on a
//        big-endian host or unaligned bytes); decode must still allocate a million objects.
//   W1p: allocate and copy the same 8 MB, `new Uint8Array(n).set(src)`, for both directions.
//   W3/W4: the entity shape by hand, no checks (limit-entities.ts).
//   W6:  a u32 count then 20-byte records (i32 x, f64 y, f64 z, little-endian), written and read
//        with a DataView loop; decode allocates the 20,000 objects.
// Decoded forms are the canonical ones: no normalisation.

import type { Adapter, Cloud, History, HistoryPacked, Point, Pos } from '../types.ts';
import { decodeEntity, decodeWorld, encodeEntity, encodeWorld } from './limit-entities.ts';

const LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function encodeHistory(v: History): Uint8Array {
  const h = v.history;
  const n = h.length;
  const out = new Uint8Array(4 + 8 * n);
  if (LE) {
    const u = new Uint32Array(out.buffer);
    u[0] = n;
    for (let i = 0, j = 1; i < n; i++, j += 2) {
      const p = h[i]!;
      u[j] = p.x;
      u[j + 1] = p.y;
    }
  } else {
    const dv = new DataView(out.buffer);
    dv.setUint32(0, n, true);
    for (let i = 0, o = 4; i < n; i++, o += 8) {
      const p = h[i]!;
      dv.setUint32(o, p.x, true);
      dv.setUint32(o + 4, p.y, true);
    }
  }
  return out;
}

export function decodeHistory(b: Uint8Array): History {
  // A pre-sized array filled by index: measured faster here than push() into [].
  if (LE && b.byteOffset % 4 === 0) {
    const u = new Uint32Array(b.buffer, b.byteOffset, b.byteLength >>> 2);
    const n = u[0]!;
    const history: Pos[] = new Array(n);
    for (let i = 0, j = 1; i < n; i++, j += 2) history[i] = { x: u[j]!, y: u[j + 1]! };
    return { history };
  }
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = dv.getUint32(0, true);
  const history: Pos[] = new Array(n);
  for (let i = 0, o = 4; i < n; i++, o += 8) history[i] = { x: dv.getUint32(o, true), y: dv.getUint32(o + 4, true) };
  return { history };
}

/** Allocate + copy: the physical floor of any codec that hands out its own copy. */
export function copyBytes(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(src.length);
  out.set(src);
  return out;
}

/** W6 by hand: count, then x (i32), y, z (f64) per point. */
export function encodeCloud(v: Cloud): Uint8Array {
  const p = v.points;
  const n = p.length;
  const out = new Uint8Array(4 + 20 * n);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, n, true);
  for (let i = 0, o = 4; i < n; i++, o += 20) {
    const q = p[i]!;
    dv.setInt32(o, q.x, true);
    dv.setFloat64(o + 4, q.y, true);
    dv.setFloat64(o + 12, q.z, true);
  }
  return out;
}

/** Reads what {@link encodeCloud} wrote (trusted input: no checks beyond the DataView's own). */
export function decodeCloud(b: Uint8Array): Cloud {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = dv.getUint32(0, true);
  const points: Point[] = new Array(n);
  for (let i = 0, o = 4; i < n; i++, o += 20) points[i] = { x: dv.getInt32(o, true), y: dv.getFloat64(o + 4, true), z: dv.getFloat64(o + 12, true) };
  return { points };
}

export const limit: Adapter = {
  name: 'limit',
  rows(data) {
    if (data.id === 'w1') {
      const value = data.value;
      return [{ name: 'limit (hand-written loop)', role: 'limit', encode: () => encodeHistory(value), decode: decodeHistory }];
    }
    if (data.id === 'w3') {
      const value = data.value;
      return [{ name: 'limit (hand-written loop)', role: 'limit', encode: () => encodeWorld(value), decode: decodeWorld, note: 'no checks, fixed layout, one fromCharCode per string (bench/codecs/limit-entities.ts)' }];
    }
    if (data.id === 'w4') {
      const value = data.value;
      return [{ name: 'limit (hand-written loop)', role: 'limit', encode: () => encodeEntity(value), decode: decodeEntity, note: 'no checks, fixed layout, one fromCharCode per string (bench/codecs/limit-entities.ts)' }];
    }
    if (data.id === 'w6') {
      const value = data.value;
      return [{ name: 'limit (hand-written loop)', role: 'limit', encode: () => encodeCloud(value), decode: decodeCloud, note: 'DataView loop, 20 bytes a point, no checks' }];
    }
    if (data.id === 'w1p') {
      const u = data.value.history;
      const src = new Uint8Array(u.buffer, u.byteOffset, u.byteLength);
      return [{
        name: 'limit (allocate + copy)',
        role: 'limit',
        encode: () => copyBytes(src),
        decode: (b): HistoryPacked => {
          const c = copyBytes(b);
          return { history: new Uint32Array(c.buffer, 0, c.length >>> 2) };
        },
        note: 'encode and decode are each one `new Uint8Array(n).set(src)` of the 8 MB',
      }];
    }
    return [];
  },
};
