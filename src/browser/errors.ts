// Errors of savepack/browser. A storage failure (quota, permission, a missing slot, a browser
// storage error) becomes a SavepackError 'IO' whose `cause` is the browser's error (usually a
// DOMException: QuotaExceededError, NotAllowedError, NotFoundError, InvalidStateError, ...).

import { SavepackError } from '../errors.ts';

/** A SavepackError 'IO' for a failed storage step; `cause` is the browser's error. */
export function storageError(message: string, cause: unknown): SavepackError {
  return new SavepackError('IO', message, '', { cause });
}

/** The message of any thrown thing, for error messages. */
export function messageOf(e: unknown): string {
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)) {
    const name = (e as { name?: unknown }).name;
    const msg = String((e as { message?: unknown }).message);
    return typeof name === 'string' && name && name !== 'Error' && !msg.startsWith(name) ? `${name}: ${msg}` : msg;
  }
  return String(e);
}

/** A DOMException-like error named `name` (where the browser reports none itself, e.g. a missing slot). */
export function namedError(name: string, message: string): Error {
  if (typeof DOMException === 'function') return new DOMException(message, name);
  const e = new Error(message);
  e.name = name;
  return e;
}

/**
 * The name of the browser error behind an 'IO' SavepackError from savepack/browser
 * ('QuotaExceededError', 'NotFoundError', 'NotAllowedError', 'SecurityError', ...); undefined otherwise.
 */
export function storageErrorName(err: unknown): string | undefined {
  if (!(err instanceof SavepackError) || err.code !== 'IO') return undefined;
  const name = (err.cause as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** Wraps anything but a SavepackError as 'IO' with `message: <its message>`. */
export function asStorageError(message: string, e: unknown): SavepackError {
  if (e instanceof SavepackError) return e;
  return storageError(`${message}: ${messageOf(e)}`, e);
}
