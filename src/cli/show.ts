// Values as text for people (`savepack inspect`, `diff`) and as JSON for scripts. Human text is
// bounded: strings are cut at `width`, arrays and records show their count and the first `rows`
// items, nesting stops at `depth`. Strings from a file are printed JSON-quoted (control
// characters escaped: a save cannot move the cursor or recolour a terminal).

import { RecordArray } from '../records/record-array.ts';
import { PLAIN, type Style } from './style.ts';

/** How much of a value human output shows. */
export interface ShowOptions {
  /** Items of an array, record array, typed array or map shown before "… N more". */
  rows: number;
  /** Characters of one line's value before it is cut. */
  width: number;
  /** Levels of nesting shown before "{…}". */
  depth: number;
  /** Colours. */
  style: Style;
}

/** The defaults of human output. */
export const SHOW_DEFAULTS: ShowOptions = { rows: 10, width: 100, depth: 8, style: PLAIN };

/** True for an item list: an array, a RecordArray, a typed array (not a byte string). */
function listLength(v: unknown): number | undefined {
  if (Array.isArray(v) || v instanceof RecordArray) return v.length;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof Uint8Array)) return (v as unknown as ArrayLike<unknown>).length;
  return undefined;
}

/** Item `i` of a list `listLength` accepted. */
function listItem(v: unknown, i: number): unknown {
  return v instanceof RecordArray ? v.get(i) : (v as ArrayLike<unknown>)[i];
}

/** A string cut to `width` characters (JSON-quoted, so control characters are escaped). */
function quote(s: string, width: number): string {
  const cut = s.length > width ? s.slice(0, width) : s;
  const q = JSON.stringify(cut);
  return s.length > width ? `${q.slice(0, -1)}…" (${s.length} chars)` : q;
}

/** Bytes as hex, at most `max` of them shown. */
export function hex(b: Uint8Array, max = 24): string {
  let s = '';
  for (let i = 0; i < Math.min(b.length, max); i++) s += (i ? ' ' : '') + b[i]!.toString(16).padStart(2, '0');
  return `<${b.length} byte${b.length === 1 ? '' : 's'}${b.length ? ': ' + s : ''}${b.length > max ? ' …' : ''}>`;
}

/** A scalar's text, or undefined for a container. */
export function scalarText(v: unknown, o: Pick<ShowOptions, 'width' | 'style'> = SHOW_DEFAULTS): string | undefined {
  const st = o.style;
  switch (typeof v) {
    case 'string': return st.value(quote(v, o.width));
    case 'number': return st.value(Object.is(v, -0) ? '-0' : String(v));
    case 'bigint': return st.value(`${v}n`);
    case 'boolean': return st.value(String(v));
    case 'undefined': return st.dim('none');
  }
  if (v === null) return st.dim('null');
  if (v instanceof Uint8Array) return st.value(hex(v));
  return undefined;
}

/** One line for `v` if it fits `width`, else undefined. */
export function inline(v: unknown, o: ShowOptions, budget = o.width, depth = 0): string | undefined {
  // Measured without colours; a coloured line is the same text with ANSI codes around parts.
  if (o.style !== PLAIN && budget !== Infinity) {
    return inline(v, { ...o, style: PLAIN }, budget, depth) === undefined ? undefined : inline(v, o, Infinity, depth);
  }
  const s = scalarText(v, o);
  if (s !== undefined) return o.style !== PLAIN || s.length <= budget ? s : undefined;
  if (depth >= 3) return undefined;
  const parts: string[] = [];
  let used = 2;
  const add = (key: string, x: unknown): boolean => {
    const label = key ? `${key}: ` : '';
    const t = inline(x, o, budget - used - label.length, depth + 1);
    if (t === undefined) return false;
    used += label.length + t.length + 2;
    if (used > budget) return false;
    parts.push((key ? `${o.style.key(key)}: ` : '') + t);
    return true;
  };
  const n = listLength(v);
  if (n !== undefined) {
    if (n > o.rows) return undefined;
    for (let i = 0; i < n; i++) if (!add('', listItem(v, i))) return undefined;
    return `[${parts.join(', ')}]`;
  }
  if (v instanceof Map) return undefined;
  if (typeof v === 'object' && v) {
    const keys = Object.keys(v);
    if (keys.length > o.rows) return undefined;
    for (const k of keys) if (!add(keyText(k), (v as Record<string, unknown>)[k])) return undefined;
    return `{ ${parts.join(', ')} }`;
  }
  return undefined;
}

/** A key as printed: bare when a plain identifier, else quoted. */
function keyText(k: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k);
}

/** A short description of a container: `1000000 records`, `Float32Array(3)`, `3 fields`. */
export function summary(v: unknown): string {
  if (v instanceof RecordArray) return `records<${v.schema.name}>, ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (Array.isArray(v)) return `${v.length} item${v.length === 1 ? '' : 's'}`;
  if (v instanceof Map) return `map, ${v.size} entr${v.size === 1 ? 'y' : 'ies'}`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<unknown>).length})`;
  if (typeof v === 'object' && v) { const n = Object.keys(v).length; return `${n} field${n === 1 ? '' : 's'}`; }
  return typeof v;
}

/** `v` as indented lines of human text under the label `label`. */
export function showLines(label: string, v: unknown, o: ShowOptions = SHOW_DEFAULTS): string[] {
  const out: string[] = [];
  const st = o.style;
  const walk = (prefix: string, x: unknown, indent: string, depth: number): void => {
    const one = scalarText(x, o) ?? inline(x, o, Math.max(20, o.width - indent.length - prefix.length));
    if (one !== undefined) { out.push(`${indent}${prefix}${one}`); return; }
    out.push(`${indent}${prefix}${st.dim(`(${summary(x)})`)}`);
    if (depth >= o.depth) { out.push(`${indent}  ${st.dim('…')}`); return; }
    const inner = `${indent}  `;
    const n = listLength(x);
    if (n !== undefined) {
      const shown = Math.min(n, o.rows);
      for (let i = 0; i < shown; i++) walk(`${st.key(`[${i}]`)} `, listItem(x, i), inner, depth + 1);
      if (n > shown) out.push(`${inner}${st.dim(`… ${n - shown} more`)}`);
      return;
    }
    if (x instanceof Map) {
      let i = 0;
      for (const [k, val] of x) {
        if (i++ >= o.rows) break;
        walk(`${inline(k, o, 40) ?? st.dim(summary(k))} ${st.dim('=>')} `, val, inner, depth + 1);
      }
      if (x.size > o.rows) out.push(`${inner}${st.dim(`… ${x.size - o.rows} more`)}`);
      return;
    }
    for (const k of Object.keys(x as object)) walk(`${st.key(keyText(k))}: `, (x as Record<string, unknown>)[k], inner, depth + 1);
  };
  walk(label ? `${st.key(label)}: ` : '', v, '', 0);
  return out;
}

/**
 * `v` as JSON-safe data for `--json`: bigints as decimal strings, non-finite numbers as strings,
 * typed arrays and byte strings as arrays of numbers, records as arrays of objects, maps as
 * arrays of [key, value] pairs, none (undefined) as null.
 */
export function toJson(v: unknown): unknown {
  switch (typeof v) {
    case 'bigint': return v.toString();
    case 'number': return Number.isFinite(v) ? v : String(v);
    case 'undefined': return null;
    case 'string': case 'boolean': return v;
  }
  if (v === null) return null;
  if (v instanceof RecordArray) { const a: unknown[] = new Array(v.length); for (let i = 0; i < v.length; i++) a[i] = toJson(v.get(i)); return a; }
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof Map) return [...v].map(([k, x]) => [toJson(k), toJson(x)]);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    // push() into a packed array: Array.from with a map function (or a preallocated, holey array
    // that JSON.stringify then walks slowly) costs ~1.5x as much on a 16 MiB byte string.
    const src = v as unknown as ArrayLike<number | bigint>, a: unknown[] = [];
    for (let i = 0; i < src.length; i++) a.push(toJson(src[i]));
    return a;
  }
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v as object)) o[k] = toJson((v as Record<string, unknown>)[k]);
  return o;
}
