// The two shapes every payload writer and reader has, compiled or interpreted.

import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';

/** Writes a payload value at a fixed version. */
export type PayloadEncoder = (w: Writer, value: unknown) => void;
/** Reads a payload value at a fixed version. */
export type PayloadDecoder = (r: Reader) => unknown;
