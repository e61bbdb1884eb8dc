/** Bundles the web viewer (src/viewer/) into `outDir`: index.html, viewer.css, viewer.js. */
export function buildViewer(o: { root: string; outDir: string; minify?: boolean }): Promise<{ bytes: number }>;
