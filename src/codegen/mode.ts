// Whether generated code (`new Function`) may be used. Detected once: a Content-Security-Policy
// without 'unsafe-eval' forbids it, and then every codec uses the schema interpreter (same bytes).

let globalMode: 'auto' | 'never' = 'auto';
let probed: boolean | undefined;

/** Sets the default for every codec created afterwards: `false` forces the interpreter everywhere. */
export function setCompileDefault(enabled: boolean | 'auto'): void {
  globalMode = enabled === false ? 'never' : 'auto';
}

/** True when codecs may compile: not disabled globally and `new Function` works here. */
export function canCompile(): boolean {
  if (globalMode === 'never') return false;
  if (probed === undefined) {
    try {
      probed = new Function('return 1')() === 1;
    } catch {
      probed = false;
    }
  }
  return probed;
}

let generated = 0;

/** Test-only: how many functions `generate` has built in this process (not exported from the package root). */
export function generatedCount(): number {
  return generated;
}

/** Builds a function from generated source; child values are passed in as closure arguments. */
export function generate<F>(argNames: readonly string[], body: string, args: readonly unknown[]): F {
  generated++;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...argNames, body)(...args) as F;
}
