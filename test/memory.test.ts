// Memory per builder (issue 11), the outcomes: for every kind of schema, a ~32 KiB input made
// entirely of its cheapest element decodes (or, where the case allows, is refused by the budget),
// compiled and interpreted, and inputs built to pass the budget (tiny files of defaults, zero
// values and zero-size items) fail with LIMIT_EXCEEDED. The cases are in
// test/helpers/memory-cases.ts; test/heavy-memory.test.ts (slow suite) measures the heap growth of
// the same decodes in a fresh process against ALLOC_PER_BYTE × input + ALLOC_BASE.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, SavepackError } from '../src/index.ts';
import { memoryCases, rawFile } from './helpers/memory-cases.ts';

const cases = memoryCases(1 << 15);

test('memory: every builder\'s worst 32 KiB input decodes or is refused as its case says, compiled and interpreted', () => {
  const bad: string[] = [];
  for (const [name, schema, version, fileVersion, payload, want] of cases) {
    const input = rawFile(fileVersion, payload);
    for (const compile of [true, false]) {
      const c = codec(schema, { version, checksum: false, schemaHeader: false, compile });
      const how = compile ? 'compiled' : 'interpreted';
      let code = 'ok';
      try {
        c.decode(input);
      } catch (err) {
        if (!(err instanceof SavepackError)) { bad.push(`${name} (${how}): threw ${String(err)}`); continue; }
        code = err.code;
      }
      if (want === 'ok' && code !== 'ok') bad.push(`${name} (${how}): ${code}, expected a decode`);
      if (want === 'limit' && code !== 'LIMIT_EXCEEDED') bad.push(`${name} (${how}): ${code}, expected LIMIT_EXCEEDED`);
      if (want === 'ok-or-limit' && code !== 'ok' && code !== 'LIMIT_EXCEEDED') bad.push(`${name} (${how}): ${code}`);
    }
  }
  assert.ok(bad.length === 0, `\n  ${bad.join('\n  ')}`);
});

test.run();
