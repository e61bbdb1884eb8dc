// Caches of the layout stage: every fact derived from a schema (or a field list) at one data
// version is computed once and kept for as long as the schema object lives.

/** A weakly keyed store of one value per (key, data version). */
export class VersionCache<K extends object, T> {
  readonly #byKey = new WeakMap<K, Map<number, T>>();

  /** The value stored for (`key`, `v`), or undefined. */
  get(key: K, v: number): T | undefined {
    return this.#byKey.get(key)?.get(v);
  }

  /** Stores `x` for (`key`, `v`) and returns it. */
  set(key: K, v: number, x: T): T {
    let byV = this.#byKey.get(key);
    if (byV === undefined) this.#byKey.set(key, (byV = new Map()));
    byV.set(v, x);
    return x;
  }
}

/**
 * `compute` cached per (key, version): it runs once per pair while the key lives (an undefined
 * result is cached too). A call re-entering the same pair while it is computed computes on its own.
 */
export function perVersion<K extends object, T>(compute: (key: K, v: number) => T): (key: K, v: number) => T {
  const byKey = new WeakMap<K, Map<number, T>>();
  return (key, v) => {
    let byV = byKey.get(key);
    if (byV === undefined) byKey.set(key, (byV = new Map()));
    const hit = byV.get(v);
    if (hit !== undefined || byV.has(v)) return hit as T;
    const x = compute(key, v);
    byV.set(v, x);
    return x;
  };
}

/** `compute` cached per key (held weakly): it runs once per key while the key lives. */
export function perKey<K extends object, T>(compute: (key: K) => T): (key: K) => T {
  const byKey = new WeakMap<K, T>();
  return (key) => {
    const hit = byKey.get(key);
    if (hit !== undefined || byKey.has(key)) return hit as T;
    const x = compute(key);
    byKey.set(key, x);
    return x;
  };
}
