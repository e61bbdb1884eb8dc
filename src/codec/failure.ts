// How a failure inside a payload becomes the SavepackError a caller sees: the path where it
// happened is added (unless the error already names a full one), a stack overflow becomes
// LIMIT_EXCEEDED, anything else thrown becomes INVALID_VALUE (encode) or INVALID_DATA (decode).

import { SavepackError } from '../errors.ts';

/** Adds `path` to a SavepackError that has none; wraps anything else in a SavepackError of `code`. */
export function withPath(e: unknown, path: string, code: 'INVALID_VALUE' | 'INVALID_DATA'): SavepackError {
  if (e instanceof SavepackError) {
    if (e.path && !/^[[.]/.test(e.path)) return e;
    const full = e.path ? path + e.path : path;
    return new SavepackError(e.code, e.message.replace(/^[A-Z_]+( at [^:]*)?: /, ''), full, { cause: (e as { cause?: unknown }).cause });
  }
  return stackError(e, code, path);
}

/** Maps a stack overflow to LIMIT_EXCEEDED and any other non-SavepackError to `code`. */
export function stackError(e: unknown, code: 'INVALID_VALUE' | 'INVALID_DATA', path = ''): SavepackError {
  if (e instanceof SavepackError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new SavepackError('LIMIT_EXCEEDED', 'nesting too deep for the JavaScript stack; lower limits.maxDepth', path, { cause: e });
  }
  const msg = code === 'INVALID_VALUE' ? 'reading the value threw' : 'decoding failed';
  return new SavepackError(code, `${msg}: ${String((e as Error)?.message ?? e)}`, path, { cause: e });
}
