// Shared data of the encode-*.test.ts files: the frame options every path is run with, and a
// small struct used as t.records / t.vec items.
import { t } from '../../src/index.ts';

/** Frame options (checksum, compression, schema header) covering every combination used. */
export const FRAMES = [
  { checksum: true, compress: 'none', schemaHeader: true },
  { checksum: false, compress: 'none', schemaHeader: false },
  { checksum: true, compress: 'deflate', schemaHeader: false },
  { checksum: false, compress: 'deflate', schemaHeader: true },
  { checksum: true, compress: 'none', schemaHeader: false },
  { checksum: false, compress: 'none', schemaHeader: true },
] as const;

/** A two-u32 struct for record arrays and vectors. */
export const Pos = t.struct('enc.Pos', { x: t.u32, y: t.u32 });
