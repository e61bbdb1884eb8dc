// Compiles every fuzz codec once (encode and decode of a small valid value at every version), so
// that compile-time allocations are not counted as decode memory growth.

import { cases, codecsOf, variants } from './schemas.ts';
import { Rng } from './rng.ts';
import { randomValue } from './values.ts';

/** Encodes and decodes a small value with every codec of every case and variant. */
export function warmUp(): void {
  const rng = new Rng(1);
  for (const c of cases) {
    for (const v of variants) {
      const p = codecsOf(c, v);
      for (let version = 0; version <= c.version; version++) {
        try {
          const b = p.encoder.encode(randomValue(c.schema, c.version, rng, { ...c.sizes, nodes: 2, maxLen: 2 }), { version });
          p.compiled.decode(b);
          p.interpreted.decode(b);
        } catch {
          // a refused downgrade or a tight limit: compiling happened anyway
        }
      }
    }
  }
}
