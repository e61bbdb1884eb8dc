import type { BuildOptions, Plugin } from 'esbuild';

/** The one-file browser build of the package root (see esbuild-options.mjs). */
export function browserBundleOptions(o: { root: string; outfile?: string; entry?: string; plugins?: Plugin[] }): BuildOptions & { metafile: true };
