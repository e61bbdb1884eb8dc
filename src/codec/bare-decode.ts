// The decode of a frame 'none' codec called without options: the whole input is the payload of
// the current data version. A small message costs little more than its fields here, so the work
// around the generated reader is kept to a few checks and stores in one small function that V8
// can inline whole into its caller (the general path, `decode` → `#decodeBare` → `#payload` →
// `Reader.over`, is ~1,100 bytecodes: past V8's inlining budget, which then stopped at a
// different call from one process to the next, and a 3-byte decode took 24 to 43 ns).

import { leftOver, Reader, type ResolvedLimits } from '../wire/reader.ts';
import { stackError } from './failure.ts';
import type { PayloadDecoder } from './payload.ts';

const U8 = Uint8Array.prototype;

/**
 * A decode of plain, non-empty Uint8Arrays of at most `limits.maxBytes` bytes with the decoder
 * `decoder()` returns (made on first use); any other input goes to `other`, the general path,
 * which accepts or refuses it as it always did. Like the general path it reuses one reader,
 * taken while a decode runs (a nested decode makes its own) and kept only after a decode that
 * ended well; every failure is a SavepackError.
 */
export function bareDecoder(decoder: () => PayloadDecoder, limits: ResolvedLimits, views: boolean, other: (input: unknown) => unknown): (input: unknown) => unknown {
  const maxBytes = limits.maxBytes;
  let dec: PayloadDecoder | undefined;
  let spare: Reader | undefined;
  return (input) => {
    if (!(ArrayBuffer.isView(input) && Object.getPrototypeOf(input) === U8)) return other(input);
    const bytes = input as Uint8Array;
    const n = bytes.length;
    if (n === 0 || n > maxBytes) return other(input);
    let r = spare;
    spare = undefined;
    try {
      if (dec === undefined) dec = decoder();
      if (r === undefined) {
        r = Reader.over(bytes, 0, n, limits);
        r.views = views;
      } else r.restart(bytes, n);
      const value = dec(r);
      if (r.pos !== n) throw leftOver(n - r.pos);
      r.release();
      spare = r;
      return value;
    } catch (e) {
      throw stackError(e, 'INVALID_DATA');
    }
  };
}
