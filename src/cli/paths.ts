// Building paths in the syntax of open(bytes).get (`history[3].x`, `["odd name"]`, `inventory["sword"]`)
// from a parent path and one step: a field name or string key, or an index or integer key.

const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The path of `step` under `path` ('' is the root): `.name` or `["name"]` for strings, `[n]` for numbers. */
export function childPath(path: string, step: string | number | bigint): string {
  if (typeof step !== 'string') return `${path}[${String(step)}]`;
  if (NAME.test(step)) return path ? `${path}.${step}` : step;
  return `${path}[${JSON.stringify(step)}]`;
}
