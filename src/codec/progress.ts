// Throttled progress reports of a save or load of `total` bytes, shared by saveFile / loadFile
// (node) and the browser's slot stores: a call once PROGRESS_STEP bytes have passed since the last
// (so calls are less than PROGRESS_STEP plus one chunk apart) and exactly one with done = total.
// What a throwing callback means is the caller's: the error propagates out of the report
// (saveFile fails with 'IO', saveSlot / loadSlot rethrow it as it is).

/** Progress is reported once this many bytes have passed since the last report (and once at the end). */
export const PROGRESS_STEP = 1 << 20;

/** Called with bytes done so far and the total. */
export type ProgressCallback = (done: number, total: number) => void;

/**
 * A report function for `total` bytes that calls `onProgress(done, total)` on its first call (unless
 * `reported`, the `done` the caller already reported itself, is 0 or more), then whenever
 * PROGRESS_STEP bytes or more have passed since the last report (equal chunks
 * that divide PROGRESS_STEP: exactly PROGRESS_STEP apart), and once with done = total, after which it
 * stays silent. Without `onProgress` it does nothing.
 */
export function throttleProgress(total: number, onProgress: ProgressCallback | undefined, reported = -1): (done: number) => void {
  let last = reported;
  return (done) => {
    if (!onProgress || last === total) return;
    if (done === total || done - last >= PROGRESS_STEP || last < 0) { last = done; onProgress(done, total); }
  };
}
