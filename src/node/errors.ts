/// <reference types="node" preserve="true" />
// Errors of savepack/node. File-system failures become a SavepackError whose `cause` is the Node
// error (so `fsErrorCode(err)` gives 'ENOENT', 'EISDIR', 'EACCES', ...); a damaged file is the
// decoder's own SavepackError with the file named in the message.

import { SavepackError, type ErrorCode } from '../errors.ts';

/** The code of file-system failures. */
export const IO_CODE: ErrorCode = 'IO';

/** A SavepackError for a failed file-system step; `cause` is the Node error. */
export function ioError(message: string, cause: unknown): SavepackError {
  return new SavepackError(IO_CODE, message, '', { cause });
}

/** An ErrnoException-shaped error for a condition Node does not report itself (e.g. a directory opened for reading). */
export function errnoError(code: string, syscall: string, path: string, message: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`${code}: ${message}, ${syscall} '${path}'`);
  e.code = code;
  e.syscall = syscall;
  e.path = path;
  return e;
}

/** The Node error code ('ENOENT', 'EISDIR', 'EACCES', ...) behind an I/O SavepackError from saveFile/loadFile; undefined otherwise. */
export function fsErrorCode(err: unknown): string | undefined {
  if (!(err instanceof SavepackError) || err.code !== IO_CODE) return undefined;
  const c = (err.cause as NodeJS.ErrnoException | undefined)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** The Node error code of `e`, if it has one. */
export function errnoCode(e: unknown): string | undefined {
  const c = (e as NodeJS.ErrnoException | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** The message a SavepackError was built with, without the `CODE at path: ` prefix its constructor adds. */
export function bareMessage(e: SavepackError): string {
  const prefix = e.path ? `${e.code} at ${e.path}: ` : `${e.code}: `;
  return e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}
