// A file's header facts as `label: value` lines, for people (`savepack inspect`, the viewer). The
// facts themselves come from open()/inspect() (src/inspect/file.ts), which check the container.

import type { FileFacts } from '../inspect/file.ts';

/** The largest file the CLI reads (the decoder's default limits.maxBytes). */
export const MAX_FILE_BYTES = 1 << 30;

/** Bytes as `812 B`, `1.5 KiB`, `95.4 MiB`. */
function sizeText(n: number): string {
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;
}

/** The header facts of a file of `fileBytes` bytes as label/value pairs. */
export function factLines(f: FileFacts, fileBytes: number): [string, string][] {
  const parts = ['schema', f.checksum ? 'checksum' : 'no checksum', f.compression === 'deflate' ? 'deflate' : 'uncompressed'];
  return [
    ['file', `${sizeText(fileBytes)} (${fileBytes} bytes)`],
    ['format version', String(f.formatVersion)],
    ['data version', String(f.dataVersion)],
    ['flags', `0x${f.flags.toString(16)} (${parts.join(', ')})`],
    ['schema section', sizeText(f.schemaLength)],
    ['payload', f.compression === 'deflate' ? `${sizeText(f.payloadLength)} deflated, ${sizeText(f.rawLength)} raw` : sizeText(f.payloadLength)],
  ];
}
