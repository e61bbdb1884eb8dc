import type { BuildOptions } from 'esbuild';

/** Where the root + savepack/browser bundle goes, relative to the output directory. */
export const BROWSER_ALL_FILE: string;
/** The one-file browser build of the package root plus savepack/browser (see browser-entry.mjs). */
export function browserAllOptions(o: { root: string; outfile?: string }): BuildOptions & { metafile: true };
