// Compiled payload functions, cached per (schema object, data version [, depth bound baked in]):
// every codec() of one schema shares them, so a schema is compiled once per version however many
// codecs are made of it. The entry is held weakly by the schema.

import type { Schema } from '../../schema/types.ts';

const byRoot = new WeakMap<Schema, Map<string, unknown>>();

/** The function cached for (`schema`, `key`), built by `build` on first use. */
export function cachedCompile<F>(schema: Schema, key: string, build: () => F): F {
  let m = byRoot.get(schema);
  if (m === undefined) byRoot.set(schema, (m = new Map()));
  let f = m.get(key) as F | undefined;
  if (f === undefined) m.set(key, (f = build()));
  return f;
}
