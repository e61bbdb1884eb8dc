/// <reference types="node" preserve="true" />
// The names saveFile makes beside a target: `<file>.bak` and the stem of its temporaries. File
// names are limited to 255 bytes (NAME_MAX; measured here in UTF-8, the encoding Node gives the
// OS, which also keeps under Windows' 255 UTF-16 units), so a name that would not fit is cut at a
// code point boundary and gets `~` and 8 hex digits of a hash of the whole target name: still
// deterministic (every save of a file uses the same backup) and distinct for distinct targets.

import { createHash } from 'node:crypto';

/** Longest file name, in bytes (NAME_MAX on Linux, macOS and the BSDs). */
const NAME_MAX = 255;
/** Longest part of the target's name kept in a temporary name, in bytes (the rest: `.<pid>.<12 hex>.bak.tmp`, at most 33 bytes). */
const TEMP_STEM_MAX = 100;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** UTF-8 length of `s` as Node encodes paths (a lone surrogate counts as the 3 bytes of U+FFFD). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The longest prefix of `s` of at most `max` UTF-8 bytes that ends on a code point boundary. */
function cutUtf8(s: string, max: number): string {
  let bytes = 0, end = 0;
  for (const ch of s) {
    bytes += utf8Length(ch);
    if (bytes > max) break;
    end += ch.length;
  }
  return s.slice(0, end);
}

/** 8 hex digits of SHA-256 of the target name. */
function nameHash(base: string): string {
  return createHash('sha256').update(base, 'utf8').digest('hex').slice(0, 8);
}

/** `base` + `suffix` when it fits in `max` bytes, else `base` cut short + `~<hash>` + `suffix`. */
function fitName(base: string, suffix: string, max: number): string {
  if (utf8Length(base) + utf8Length(suffix) <= max) return base + suffix;
  const tail = `~${nameHash(base)}${suffix}`;
  return cutUtf8(base, max - utf8Length(tail)) + tail;
}

/** The name of the backup of target `base`: `<base>.bak`, or for names too long for that `<base cut>~<8 hex>.bak`. */
export function backupName(base: string): string {
  return fitName(base, '.bak', NAME_MAX);
}

/** The part of temporary names that identifies target `base`: the name itself up to 100 bytes, else `<base cut>~<8 hex>`. */
export function tempStem(base: string): string {
  // Node writes a lone surrogate as U+FFFD, and readdir gives that back: match what is on disk.
  return fitName(base.replace(LONE_SURROGATE, '\uFFFD'), '', TEMP_STEM_MAX);
}
