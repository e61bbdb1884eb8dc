// A canonical text of a decoded value (nesting cut at 2,000 levels) and its SHA-256, so the manifest can say what a file must
// decode to without storing the value. Own keys only (a `__proto__` member must be an own
// property); an object's prototype must be Object.prototype or null.

import { createHash } from 'node:crypto';
import { RecordArray } from '../../src/index.ts';

/** An expected RecordArray, written as its records (so the expectation does not depend on RecordArray itself). */
export class Records {
  constructor(readonly items: unknown[]) {}
}

/** Canonical text of `x`: key order ignored, -0 and NaN visible, typed arrays as hex, RecordArray via get(). */
export function canonical(x: unknown, depth = 0): string {
  if (depth > 2_000) return '…';
  if (x === undefined) return 'u';
  if (x === null) return 'null';
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'boolean') return String(x);
  if (typeof x !== 'object') return `!${typeof x}`;
  if (x instanceof RecordArray) {
    const out: string[] = [];
    for (let i = 0; i < x.length; i++) out.push(canonical(x.get(i), depth + 1));
    return `R[${out.join(',')}]`;
  }
  if (x instanceof Records) return `R[${x.items.map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (ArrayBuffer.isView(x)) {
    const b = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
    return `${x.constructor.name}(${Buffer.from(b).toString('hex')})`;
  }
  if (Array.isArray(x)) return `[${x.map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (x instanceof Map) return `M{${[...x].map(([k, v]) => `${canonical(k, depth + 1)}=>${canonical(v, depth + 1)}`).join(',')}}`;
  const proto = Object.getPrototypeOf(x);
  const mark = proto === Object.prototype || proto === null ? '' : '!proto';
  const keys = Reflect.ownKeys(x).map(String).sort();
  return `${mark}{${keys.map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k], depth + 1)}`).join(',')}}`;
}

/** SHA-256 (hex) of the canonical text of `x`. */
export function digest(x: unknown): string {
  return sha(canonical(x));
}

/** SHA-256 (hex) of a canonical text. */
export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
