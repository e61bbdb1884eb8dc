// The data versions a state unit's schema names: the newest one (the version a unit writes when
// it is not given one: the largest `since`, the version after an `until` or after a `was` entry,
// of any field or variant anywhere in the schema; 0 for a schema without metadata), and the first
// field or variant added after a given version (a forgotten version bump: layout/check.ts).

import { eachBound } from '../layout/check.ts';
import type { Schema } from '../schema/types.ts';

/** The smallest data version at which every field and variant of `schema` stands as defined today. */
export function newestVersion(schema: Schema): number {
  let n = 0;
  eachBound(schema, ({ since, until }) => {
    n = Math.max(n, since);
    if (until !== Infinity) n = Math.max(n, until + 1);
  });
  return n;
}
