// The committed hostile corpus (test/hostile/, issue 11): every file decoded compiled and
// interpreted, under the JS and the WASM kernels, plain and (where the manifest says so) from
// inside a larger buffer with canary bytes around it. Each must give exactly what the manifest
// says: a SavepackError of the code (and path), or a value of the digest. Nothing else may escape,
// and no canary byte may show up in a message or a value.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { codec, SavepackError, type Codec } from '../src/index.ts';
import { setKernelMode } from '../src/wasm/index.ts'; // a test knob, not part of the package root
import { canonical, sha } from './hostile/digest.ts';
import { GENERATORS, type Entry } from './hostile/kit.ts';
import { SCHEMAS } from './hostile/schemas.ts';

const dir = new URL('./hostile/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Entry[];

/** Canary bytes placed before and after an input decoded from an offset; two different ones. */
const CANARIES = [new TextEncoder().encode('CANARY!!'.repeat(8)), Uint8Array.from({ length: 64 }, (_, i) => 0xa5 ^ i)];
/** Numbers any 4-byte window of the text canary reads as (u32 LE/BE), which must not appear in messages. */
const CANARY_NUMBERS = (() => {
  const b = CANARIES[0]!, out = new Set<string>();
  const v = new DataView(b.buffer);
  for (let i = 0; i + 4 <= b.length; i++) for (const le of [true, false]) {
    const n = v.getUint32(i, le);
    out.add(String(n)); out.add(n.toString(16));
  }
  return [...out];
})();

const codecs = new Map<string, Codec<unknown>>();
function codecFor(e: Entry, compile: boolean): Codec<unknown> {
  const key = `${e.schema} ${JSON.stringify(e.options)} ${compile}`;
  let c = codecs.get(key);
  if (!c) {
    const s = SCHEMAS[e.schema]!;
    codecs.set(key, (c = codec(s.schema, { version: s.version, ...e.options, compile } as never) as Codec<unknown>));
  }
  return c;
}

/** What one decode gave: `ok` with the canonical value, or the error. */
type Outcome = { ok: true; text: string } | { ok: false; error: unknown };

function run(c: Codec<unknown>, input: unknown): Outcome {
  try {
    return { ok: true, text: canonical(c.decode(input as Uint8Array)) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The input as the entry hands it to decode. */
function asInput(e: Entry, bytes: Uint8Array): unknown {
  switch (e.input ?? 'bytes') {
    case 'arraybuffer': return bytes.slice().buffer;
    case 'dataview': return new DataView(bytes.slice().buffer);
    case 'proxy': return new Proxy(bytes.slice(), {});
    case 'detached': {
      const ab = bytes.slice().buffer;
      structuredClone(ab, { transfer: [ab] });
      return ab;
    }
    default: return bytes;
  }
}

/** `bytes` at `at` inside a larger buffer filled with `canary` around it. */
function placed(bytes: Uint8Array, at: number, canary: Uint8Array): Uint8Array {
  const big = new Uint8Array(at + bytes.length + canary.length);
  for (let i = 0; i < big.length; i++) big[i] = canary[i % canary.length]!;
  big.set(bytes, at);
  return big.subarray(at, at + bytes.length);
}

const CONTROL = /[\x00-\x09\x0b-\x1f\x7f]/;

/** Problems with one outcome against the entry's expectation ('' when it is right). */
function check(e: Entry, o: Outcome): string {
  const x = e.expect;
  if (o.ok) {
    if ('code' in x) return `decoded (${o.text.slice(0, 120)}), expected ${x.code}`;
    if ('anyError' in x) return `decoded (${o.text.slice(0, 120)}), expected a SavepackError`;
    if (sha(o.text) !== x.digest) return `value differs from the manifest's: ${o.text.slice(0, 300)}`;
    return '';
  }
  const err = o.error;
  if (!(err instanceof SavepackError)) return `threw ${String((err as Error)?.name)}: ${String((err as Error)?.message ?? err).slice(0, 200)}`;
  if (CONTROL.test(err.message) || CONTROL.test(err.path ?? '')) return `control character in the message: ${JSON.stringify(err.message).slice(0, 200)}`;
  if ('orCode' in x && err.code === x.orCode) return '';
  if ('ok' in x && !('orError' in x)) return `${err.code} ${err.path ?? ''}: ${err.message.slice(0, 200)}, expected a value`;
  if ('code' in x) {
    if (err.code !== x.code) return `${err.code}, expected ${x.code}: ${err.message.slice(0, 200)}`;
    if (x.path !== undefined && err.path !== x.path) return `${err.code} at path '${err.path}', expected '${x.path}'`;
  }
  return '';
}

/** The text of an outcome: compared across canaries and searched for canary bytes. */
const textOf = (o: Outcome) => (o.ok ? o.text : o.error instanceof SavepackError ? `${o.error.code} ${o.error.path} ${o.error.message}` : String(o.error));

function leaks(text: string): string {
  if (/CANARY|ANARY|NARY!|ARY!!/.test(text)) return 'canary bytes in the output or message';
  const hit = CANARY_NUMBERS.find((n) => n.length >= 6 && new RegExp(`\\b${n}\\b`).test(text));
  return hit ? `a canary window (${hit}) in the output or message` : '';
}

test.after(() => setKernelMode('auto'));

const only = process.env.HOSTILE_ONLY; // a substring of file names, to run a few entries

for (const e of manifest) {
  const name = e.file ?? `${e.generate} (generated)`;
  if (only && !name.includes(only)) continue;
  test(`${name}: ${e.note}`, () => {
    const bytes = e.file ? new Uint8Array(readFileSync(new URL(e.file, dir))) : GENERATORS[e.generate!]!();
    const bad: string[] = [];
    const t0 = performance.now();
    for (const kernel of ['js', 'wasm'] as const) {
      setKernelMode(kernel);
      for (const compile of [true, false]) {
        const where = `${kernel}/${compile ? 'compiled' : 'interpreted'}`;
        const c = codecFor(e, compile);
        const plain = run(c, asInput(e, bytes));
        const p = check(e, plain);
        if (p) bad.push(`${where}: ${p}`);
        if (!e.offset) continue;
        // an aligned and an unaligned offset, each with another canary: any difference is a leak
        for (const [k, canary] of CANARIES.entries()) {
          const at = 40 + k;
          const o = run(c, placed(bytes, at, canary));
          const why = check(e, o) || leaks(textOf(o)) || (textOf(o) !== textOf(plain) ? `outcome differs from the plain decode: ${textOf(o).slice(0, 200)}` : '');
          if (why) bad.push(`${where} at offset ${at}, canary ${k}: ${why}`);
        }
      }
    }
    setKernelMode('auto');
    if (process.env.HOSTILE_TIMES) console.log(`${name}: ${(performance.now() - t0).toFixed(0)} ms`);
    assert.ok(bad.length === 0, `${name}:\n  ${bad.join('\n  ')}`);
  });
}

test.run();
