// The only ways a schema fact enters generated source text: names are JSON-quoted string
// literals (never identifiers, never raw), numbers are checked to be finite numbers first.
// Everything else a generated function needs is a closure argument (Gen.arg).

import { SavepackError } from '../errors.ts';

/** A string literal of `s` (a schema name, tag or variant name: data, never source). */
export function str(s: string): string {
  if (typeof s !== 'string') throw new SavepackError('INVALID_SCHEMA', `a name must be a string, got ${typeof s}`);
  return JSON.stringify(s);
}

/** A property access expression `obj["name"]`. */
export function prop(obj: string, name: string): string {
  return `${obj}[${str(name)}]`;
}

/** An object-literal key for `name` (`__proto__` as a computed key, so it stays an own property). */
export function key(name: string): string {
  return name === '__proto__' ? '["__proto__"]' : str(name);
}

/** A number literal of `n`, which must be a finite number (a length, offset, discriminant or cost). */
export function num(n: number): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new SavepackError('INVALID_SCHEMA', `expected a finite number in generated code, got ${typeof n === 'number' ? n : typeof n}`);
  return String(n);
}
