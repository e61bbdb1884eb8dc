// The interpreter's state while it walks a value: the version, the depth bound and the path to
// the current value, rendered into error messages.

/** Encode state: target version, depth bound, the path to the current value (for errors). */
export interface EncodeState { v: number; maxDepth: number; depth: number; path: (string | number)[]; stack: unknown[] }
/** Decode state: source version, the path to the current value. */
export interface DecodeState { v: number; path: (string | number)[] }

/** Renders a path stack: names as `.name`, indexes as `[i]`, raw markers (`{key}`) as they are. */
export function renderPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : p.startsWith('{') || p.startsWith('?') || p.startsWith('[') ? p : s === '' ? p : `.${p}`;
  return s;
}
