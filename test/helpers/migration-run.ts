// The runner of the migration table (test/versioning.test.ts): a case gives the current schema
// and the schema as it stood at every older version; run() checks the projection, loading old
// files and writing old versions, through the compiled and the interpreted codec.
import * as assert from 'uvu/assert';
import { diffSchema, encodeSchema, type Schema } from '../../src/index.ts';
import { both, hex, norm } from './codecs.ts';

/** One migration case: the current schema, the schemas as they stood, values to load and save. */
export interface Case {
  name: string;
  /** The current schema, with version metadata. */
  now: Schema;
  /** The schema as it stood at each version 0..N (index = version), without metadata. */
  at: Schema[];
  /** [k, value written by release k, value today's codec loads]. */
  load: [number, unknown, unknown][];
  /** [current value, k, value release k reads from today's encode at version k]. */
  save: [unknown, number, unknown][];
}

/** Checks one case (see test/versioning.test.ts for what is checked). */
export function run(c: Case): void {
  const N = c.at.length - 1;
  const now = both(c.now, { version: N });
  const old = c.at.map((s, k) => both(s, { version: k }));
  for (let k = 0; k <= N; k++) {
    const projected = now.compiled.schemaAt(k);
    assert.is(diffSchema(projected, c.at[k]!), undefined, `schemaAt(${k}) differs from the schema of version ${k}`);
    assert.is(hex(encodeSchema(projected)), hex(encodeSchema(c.at[k]!)), `schemaAt(${k}) bytes`);
  }
  for (const [k, written, expected] of c.load) {
    const bytes = old[k]!.compiled.encode(written as never);
    assert.is(hex(old[k]!.interpreted.encode(written as never)), hex(bytes), `release ${k}: compiled and interpreted bytes differ`);
    assert.equal(norm(now.compiled.decode(bytes)), norm(expected), `load v${k} (compiled)`);
    assert.equal(norm(now.interpreted.decode(bytes)), norm(expected), `load v${k} (interpreted)`);
  }
  for (const [value, k, expected] of c.save) {
    const before = norm(value);
    const bytes = now.compiled.encode(value as never, { version: k });
    assert.is(hex(now.interpreted.encode(value as never, { version: k })), hex(bytes), `write v${k}: compiled and interpreted bytes differ`);
    assert.equal(norm(value), before, `write v${k} changed the caller's value`);
    assert.is(hex(bytes), hex(old[k]!.compiled.encode(expected as never)), `write v${k}: not the bytes release ${k} writes`);
    assert.equal(norm(old[k]!.compiled.decode(bytes)), norm(expected), `write v${k}: release ${k} reads another value`);
    assert.equal(norm(old[k]!.interpreted.decode(bytes)), norm(expected));
  }
}
