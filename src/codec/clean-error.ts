// Errors of inspection: always a SavepackError, with the path rendered from the walk and every
// name that came from the file shown escaped (printable), so a hostile name can never put control
// characters, bidi overrides or a fake second line into a message.

import { SavepackError } from '../errors.ts';
import { stackError } from './failure.ts';
import { printable } from '../schema/printable.ts';

/** One step of a path: a field name, an index, or a raw marker (`[key]`, `{key #i}`, `?Variant`). */
export type Step = string | number;

/**
 * Renders a path of steps: names as `.name` (escaped when unusual), indexes as `[i]`, markers as
 * they are (`u?Circle`, `m{key}`): the same text for every error, readNewer's included.
 */
export function pathText(steps: readonly Step[]): string {
  let s = '';
  for (const p of steps) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (!/^[[{?]/.test(p)) s += s === '' ? printable(p) : `.${printable(p)}`;
    else if (p.startsWith('?')) s += `?${printable(p.slice(1))}`;
    else s += printable(p);
  }
  return s;
}

// Control characters a message must not carry (the hostile corpus checks for them).
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

/**
 * `e` as a SavepackError: a path it lacks (or a relative one) is prefixed with `path`; anything
 * else thrown becomes INVALID_DATA (a stack overflow LIMIT_EXCEEDED); control characters in the
 * message and path are escaped.
 */
export function cleanError(e: unknown, path: string): SavepackError {
  const se = stackError(e, 'INVALID_DATA', path);
  let full = se.path;
  if (se === e) full = !se.path ? path : /^[[.]/.test(se.path) ? path + se.path : se.path;
  const msg = se.message.replace(/^[A-Z_]+( at [^:]*)?: /, '');
  const esc = (s: string) => s.replace(CONTROLS, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  if (se === e && full === se.path && !CONTROL.test(msg) && !CONTROL.test(full)) return se;
  return new SavepackError(se.code, esc(msg), esc(full), { cause: (se as { cause?: unknown }).cause ?? (se === e ? undefined : e) });
}
