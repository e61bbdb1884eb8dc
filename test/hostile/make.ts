// Wrote the hostile corpus (test/hostile/*.sp and manifest.json) from cases.ts.
//
// Kept for the record; the committed files are the corpus. It refuses to overwrite a file that
// exists (like test/fixtures/make-v2.ts): to add a case, add it to cases.ts and run this again;
// only the new files are written and the manifest is rewritten (delete it first).
//
// Run: node --import tsx test/hostile/make.ts

import { existsSync, writeFileSync } from 'node:fs';
import { allCases } from './cases.ts';
import { digest } from './digest.ts';
import type { Entry, Expect } from './kit.ts';

const here = new URL('.', import.meta.url);
const MAX_FILE = 64 << 10;

const entries: Entry[] = [];
for (const c of allCases()) {
  const bytes = c.bytes();
  if (bytes.length >= MAX_FILE) throw new Error(`${c.name}: ${bytes.length} bytes; generate large inputs at test time (kit.ts GENERATORS)`);
  const name = `${c.name}.sp`;
  if (!existsSync(new URL(name, here))) {
    writeFileSync(new URL(name, here), bytes, { flag: 'wx' }); // fails if the file exists
    console.log(`${name}: ${bytes.length} bytes`);
  }
  const e = c.expect;
  const expect: Expect = 'code' in e ? { ...e } : 'anyError' in e ? { anyError: true }
    : e.orError ? { ok: true, digest: digest(e.value), orError: true }
    : e.orCode ? { ok: true, digest: digest(e.value), orCode: e.orCode }
    : { ok: true, digest: digest(e.value) };
  entries.push({ file: name, schema: c.schema, options: c.options ?? {}, offset: c.offset ?? false, ...(c.input ? { input: c.input } : {}), expect, note: c.note });
}
for (const n of ['123k', '250k']) {
  entries.push({ generate: `wide-schema-${n}`, schema: 'pos', options: {}, offset: false, expect: { code: 'SCHEMA_MISMATCH' }, note: `item 2: a ${n}-field struct in the schema section (generated at test time)` });
}

writeFileSync(new URL('manifest.json', here), JSON.stringify(entries, null, 1) + '\n', { flag: 'wx' });
console.log(`manifest.json: ${entries.length} entries`);
