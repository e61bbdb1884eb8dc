// UTF-8 for strings: hand loops for short strings (no call overhead), TextEncoder.encodeInto /
// TextDecoder for long ones. Lone surrogates encode as U+FFFD, exactly as TextEncoder does.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strings up to this many UTF-16 units are encoded by the hand loop. */
const SHORT_STRING = 64;

/** Writes `s` as UTF-8 at `buf[pos..]` (room for 3 bytes per UTF-16 unit must exist); returns the end. */
export function writeUtf8(buf: Uint8Array, pos: number, s: string): number {
  const n = s.length;
  if (n > SHORT_STRING) return pos + encoder.encodeInto(s, buf.subarray(pos, pos + n * 3)).written;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) { buf[pos++] = c; continue; }
    if (c < 0x800) { buf[pos++] = 0xc0 | (c >> 6); buf[pos++] = 0x80 | (c & 0x3f); continue; }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        buf[pos++] = 0xf0 | (c >> 18); buf[pos++] = 0x80 | ((c >> 12) & 0x3f);
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f); buf[pos++] = 0x80 | (c & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    buf[pos++] = 0xe0 | (c >> 12); buf[pos++] = 0x80 | ((c >> 6) & 0x3f); buf[pos++] = 0x80 | (c & 0x3f);
  }
  return pos;
}

const fcc = String.fromCharCode;
// One array per length 17..64 for asciiLoop's fromCharCode.apply: setting a shared array's
// `length` per call was a native call costing ~10% of a small record's decode (bench W5 profile).
const CODES: number[][] = Array.from({ length: 65 }, (_, n) => new Array<number>(n).fill(0));

/** Decodes `len` bytes of UTF-8 at `buf[pos..]`; returns undefined when they are not valid UTF-8. */
export function readUtf8(buf: Uint8Array, pos: number, len: number): string | undefined {
  if (len > 16) return len > 64 ? decodeSlow(buf, pos, len) : asciiLoop(buf, pos, len) ?? decodeSlow(buf, pos, len);
  // Short strings: each byte read once into a local, one ASCII test over all of them, then one
  // fromCharCode call of fixed arity (no intermediate strings, no TextDecoder call overhead).
  // Non-ASCII goes to the validating decoder.
  return ascii(buf, pos, len) ?? decodeSlow(buf, pos, len);
}

/** Decodes `len` (<= 16) ASCII bytes; undefined when one is not ASCII. */
function ascii(b: Uint8Array, p: number, len: number): string | undefined {
  switch (len) {
    case 0: return '';
    case 1: { const c0 = b[p]!; return ((c0) & 0x80) === 0 ? fcc(c0) : undefined; }
    case 2: { const c0 = b[p]!, c1 = b[p + 1]!; return ((c0 | c1) & 0x80) === 0 ? fcc(c0, c1) : undefined; }
    case 3: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!; return ((c0 | c1 | c2) & 0x80) === 0 ? fcc(c0, c1, c2) : undefined; }
    case 4: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!; return ((c0 | c1 | c2 | c3) & 0x80) === 0 ? fcc(c0, c1, c2, c3) : undefined; }
    case 5: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!; return ((c0 | c1 | c2 | c3 | c4) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4) : undefined; }
    case 6: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!; return ((c0 | c1 | c2 | c3 | c4 | c5) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4, c5) : undefined; }
    case 7: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!, c6 = b[p + 6]!; return ((c0 | c1 | c2 | c3 | c4 | c5 | c6) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4, c5, c6) : undefined; }
    case 8: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!, c6 = b[p + 6]!, c7 = b[p + 7]!; return ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4, c5, c6, c7) : undefined; }
    case 9: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!, c6 = b[p + 6]!, c7 = b[p + 7]!, c8 = b[p + 8]!; return ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4, c5, c6, c7, c8) : undefined; }
    case 10: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!, c6 = b[p + 6]!, c7 = b[p + 7]!, c8 = b[p + 8]!, c9 = b[p + 9]!; return ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9) : undefined; }
    case 11: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!, c6 = b[p + 6]!, c7 = b[p + 7]!, c8 = b[p + 8]!, c9 = b[p + 9]!, c10 = b[p + 10]!; return ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10) : undefined; }
    case 12: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!, c6 = b[p + 6]!, c7 = b[p + 7]!, c8 = b[p + 8]!, c9 = b[p + 9]!, c10 = b[p + 10]!, c11 = b[p + 11]!; return ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11) : undefined; }
    case 13: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!, c6 = b[p + 6]!, c7 = b[p + 7]!, c8 = b[p + 8]!, c9 = b[p + 9]!, c10 = b[p + 10]!, c11 = b[p + 11]!, c12 = b[p + 12]!; return ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12) : undefined; }
    case 14: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!, c6 = b[p + 6]!, c7 = b[p + 7]!, c8 = b[p + 8]!, c9 = b[p + 9]!, c10 = b[p + 10]!, c11 = b[p + 11]!, c12 = b[p + 12]!, c13 = b[p + 13]!; return ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13) : undefined; }
    case 15: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!, c6 = b[p + 6]!, c7 = b[p + 7]!, c8 = b[p + 8]!, c9 = b[p + 9]!, c10 = b[p + 10]!, c11 = b[p + 11]!, c12 = b[p + 12]!, c13 = b[p + 13]!, c14 = b[p + 14]!; return ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13 | c14) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14) : undefined; }
    case 16: { const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!, c6 = b[p + 6]!, c7 = b[p + 7]!, c8 = b[p + 8]!, c9 = b[p + 9]!, c10 = b[p + 10]!, c11 = b[p + 11]!, c12 = b[p + 12]!, c13 = b[p + 13]!, c14 = b[p + 14]!, c15 = b[p + 15]!; return ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13 | c14 | c15) & 0x80) === 0 ? fcc(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15) : undefined; }
    default: return undefined;
  }
}

/** The string of `len` bytes at `b[p..]` already known to be ASCII: one fixed-arity fromCharCode call for the cache's lengths (2..16). */
export function knownAscii(b: Uint8Array, p: number, len: number): string {
  switch (len) {
    case 2: return fcc(b[p]!, b[p + 1]!);
    case 3: return fcc(b[p]!, b[p + 1]!, b[p + 2]!);
    case 4: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!);
    case 5: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!);
    case 6: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!);
    case 7: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!);
    case 8: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!);
    case 9: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!);
    case 10: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!);
    case 11: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!);
    case 12: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!);
    case 13: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!);
    case 14: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!, b[p + 13]!);
    case 15: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!, b[p + 13]!, b[p + 14]!);
    case 16: return fcc(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!, b[p + 8]!, b[p + 9]!, b[p + 10]!, b[p + 11]!, b[p + 12]!, b[p + 13]!, b[p + 14]!, b[p + 15]!);
    default: return fcc.apply(null, Array.from(b.subarray(p, p + len)));
  }
}

/** Decodes `len` (17..64) ASCII bytes; undefined when one is not ASCII. */
function asciiLoop(b: Uint8Array, p: number, len: number): string | undefined {
  let or = 0;
  const codes = CODES[len]!;
  for (let i = 0; i < len; i++) or |= codes[i] = b[p + i]!;
  return or < 0x80 ? fcc.apply(null, codes) : undefined;
}

function decodeSlow(buf: Uint8Array, pos: number, len: number): string | undefined {
  try {
    return decoder.decode(buf.subarray(pos, pos + len));
  } catch {
    return undefined;
  }
}
