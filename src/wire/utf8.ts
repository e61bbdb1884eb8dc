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
const CODES: number[] = [];

/** Decodes `len` bytes of UTF-8 at `buf[pos..]`; returns undefined when they are not valid UTF-8. */
export function readUtf8(buf: Uint8Array, pos: number, len: number): string | undefined {
  if (len > 64) return decodeSlow(buf, pos, len);
  // Short strings: an ASCII check, then one fromCharCode call of fixed arity (no intermediate
  // strings, no TextDecoder call overhead). Non-ASCII goes to the validating decoder.
  let or = 0;
  for (let i = 0; i < len; i++) or |= buf[pos + i]!;
  if (or >= 0x80) return decodeSlow(buf, pos, len);
  return ascii(buf, pos, len);
}

/** Decodes `len` ASCII bytes. */
function ascii(b: Uint8Array, p: number, len: number): string {
  switch (len) {
    case 0: return '';
    case 1: return fcc(b[p]!);
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
    default: {
      const codes = CODES;
      codes.length = len;
      for (let i = 0; i < len; i++) codes[i] = b[p + i]!;
      return fcc.apply(null, codes);
    }
  }
}

function decodeSlow(buf: Uint8Array, pos: number, len: number): string | undefined {
  try {
    return decoder.decode(buf.subarray(pos, pos + len));
  } catch {
    return undefined;
  }
}
