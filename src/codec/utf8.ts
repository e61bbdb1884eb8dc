// UTF-8 for strings: hand loops for short strings (no call overhead), TextEncoder.encodeInto /
// TextDecoder for long ones. Lone surrogates encode as U+FFFD, exactly as TextEncoder does.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strings up to this many UTF-16 units are encoded by the hand loop. */
export const SHORT_STRING = 64;

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

/** Decodes `len` bytes of UTF-8 at `buf[pos..]`; returns undefined when they are not valid UTF-8. */
export function readUtf8(buf: Uint8Array, pos: number, len: number): string | undefined {
  if (len <= 16) {
    let s = '';
    for (let i = 0; i < len; i++) {
      const c = buf[pos + i]!;
      if (c >= 0x80) return decodeSlow(buf, pos, len);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decodeSlow(buf, pos, len);
}

function decodeSlow(buf: Uint8Array, pos: number, len: number): string | undefined {
  try {
    return decoder.decode(buf.subarray(pos, pos + len));
  } catch {
    return undefined;
  }
}
