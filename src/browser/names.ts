// Slot names, and the names a slot's files get in the Origin Private File System.
//
// Slot `name` saved as generation g (1, 2, 3, ... per slot) is the file `<name>.<g>.sp`; a save in
// progress writes `.<name>.<g>.tmp` and renames it when complete. The generation is the last
// dot-separated number, so names with dots ("run.2") parse unambiguously.

import { SavepackError } from '../errors.ts';

/** The longest slot name accepted (UTF-16 code units). */
export const MAX_SLOT_NAME = 100;

/** Characters a slot name may not contain: path separators, control characters, and ones file systems refuse. */
const FORBIDDEN = /[/\\\u0000-\u001f\u007f:*?"<>|]/;

/** Throws INVALID_VALUE unless `name` is a usable slot name; returns it. */
export function checkSlotName(name: unknown): string {
  const bad = (why: string): never => {
    throw new SavepackError('INVALID_VALUE', `slot name ${typeof name === 'string' ? JSON.stringify(name.slice(0, 120)) : typeof name} ${why}`);
  };
  if (typeof name !== 'string') return bad('is not a string');
  if (name.length === 0) bad('is empty');
  if (name.length > MAX_SLOT_NAME) bad(`is longer than ${MAX_SLOT_NAME} characters`);
  if (FORBIDDEN.test(name)) bad('contains a path separator, a control character or one of : * ? " < > |');
  if (name.startsWith('.')) bad('starts with a dot');
  if (name.endsWith('.') || name.endsWith(' ') || name.startsWith(' ')) bad('starts or ends with a space, or ends with a dot');
  if (name.normalize('NFC') !== name) bad('is not in Unicode normal form C (use name.normalize())');
  return name;
}

/** The file of generation `gen` of slot `name`. */
export function genFile(name: string, gen: number): string {
  return `${name}.${gen}.sp`;
}

/** The temporary written while saving generation `gen` of slot `name`. */
export function tempFile(name: string, gen: number): string {
  return `.${name}.${gen}.tmp`;
}

/** A slot file name taken apart: `{ name, gen, temp }`, or undefined for names that are no slot's. */
export function parseFile(file: string): { name: string; gen: number; temp: boolean } | undefined {
  const m = /^(\.?)(.+)\.(\d{1,15})\.(sp|tmp)$/.exec(file);
  if (!m) return undefined;
  const temp = m[4] === 'tmp';
  if (temp !== (m[1] === '.')) return undefined;
  const gen = Number(m[3]);
  if (!Number.isSafeInteger(gen) || gen < 1) return undefined;
  return { name: m[2]!, gen, temp };
}
