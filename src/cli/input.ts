/// <reference types="node" preserve="true" />
// Reading the file a command names: one read, bounded by the decoder's default maxBytes; a
// missing or unreadable file is an IO SavepackError (exit code 1), a missing argument a usage error.

import { readFileSync, statSync } from 'node:fs';
import { SavepackError } from '../errors.ts';
import { UsageError } from './args.ts';
import { MAX_FILE_BYTES } from './facts.ts';

/** The bytes of the save file at `path`. */
export function readSave(path: string): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new SavepackError('IO', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, '', { cause: e });
  }
  if (size > MAX_FILE_BYTES) throw new SavepackError('LIMIT_EXCEEDED', `${path} is ${size} bytes, more than the ${MAX_FILE_BYTES} bytes the tools read`);
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  } catch (e) {
    throw new SavepackError('IO', `cannot read ${path}: ${(e as Error).message}`, '', { cause: e });
  }
}

/** The one file argument of a command (a usage error when there is none or more than `n`). */
export function fileArgs(positionals: readonly string[], n: number, what: string): string[] {
  if (positionals.length !== n) throw new UsageError(positionals.length < n ? `${what} expected` : `too many arguments: ${positionals.slice(n).join(' ')}`);
  return [...positionals];
}
