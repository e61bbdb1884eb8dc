// inspect(bytes) and open(bytes): any file read by its embedded schema alone. Golden files give
// the values their codecs give; every hostile corpus file gives the same SavepackError code as
// decode (or, where decode's failure is a codec's own check, a value or a SavepackError); random
// and mutated bytes never throw anything else; lazy paths reach records, typed arrays and nested
// values; bad paths are INVALID_VALUE with the path.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { codec, describeSchema, inspect, open, RecordArray, SavepackError, t, type Codec, type InspectOptions } from '../src/index.ts';
import { Player, PlayerV0, PlayerV1 } from '../examples/player.ts';
import { Compact } from './fixtures/compact.ts';
import { SnapshotFile } from './helpers/units.ts';
import { canonical } from './hostile/digest.ts';
import { GENERATORS, type Entry } from './hostile/kit.ts';
import { SCHEMAS } from './hostile/schemas.ts';
import { disagreement, outcome } from './helpers/hostile-agree.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));

const GOLDEN: [string, Codec<any>][] = [
  ['player-v0.sp', codec(PlayerV0, { version: 0 })],
  ['player-v1.sp', codec(PlayerV1, { version: 1 })],
  ['player-v2.sp', codec(Player, { version: 2 })],
  ['player-v2-deflate.sp', codec(Player, { version: 2 })],
  ['player-v2-nochecksum.sp', codec(Player, { version: 2 })],
  ['compact-v0.bin', codec(Compact, { version: 0 })],
  ['units-v0.bin', SnapshotFile as Codec<any>],
  ['units-v0-deflate.bin', SnapshotFile as Codec<any>],
];

for (const [file, c] of GOLDEN) {
  test(`golden ${file}: inspect and open().get() give the codec's value`, () => {
    const bytes = fixture(file);
    const got = inspect(bytes);
    // Memory-only fields (`ignore`) are never stored: the file cannot hold them.
    const decoded = c.decode(bytes) as Record<string, unknown>;
    const stored = new Set(open(bytes).keys());
    for (const k of Object.keys(decoded)) if (!stored.has(k)) delete decoded[k];
    const want = canonical(decoded);
    assert.is(canonical(got.value), want);
    assert.is(got.formatVersion, 1);
    assert.is(got.dataVersion, new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true));
    assert.is(got.flags, bytes[10]! | (bytes[11]! << 8));
    assert.is(describeSchema(got.schema), describeSchema(c.schemaAt(got.dataVersion)));
    const view = open(bytes);
    assert.is(canonical(view.get()), want);
    const value = got.value as Record<string, unknown>;
    for (const k of view.keys()) assert.is(canonical(view.get(k as string)), canonical(value[k as string]), `${file} ${String(k)}`);
  });
}

test('golden player-v2.sp: header facts of open(), a compressed file', () => {
  const v = open(fixture('player-v2-deflate.sp'));
  assert.equal({ ...v.facts, payloadLength: 0 }, { formatVersion: 1, dataVersion: 2, flags: 7, checksum: true, compression: 'deflate', schemaLength: v.facts.schemaLength, payloadLength: 0, rawLength: v.facts.rawLength });
  assert.ok(v.facts.payloadLength > 0 && v.facts.rawLength > 0);
  assert.is(v.get('inventory[1]'), 'lockpick');
  assert.instance(v.get('history'), RecordArray);
});

test('golden units-v0.bin: a custom type keeps its name in schemaAt, its value is its base', () => {
  const v = open(fixture('units-v0.bin'));
  const s = v.schemaAt('units[0].state');
  assert.is(s.kind, 'custom');
  assert.is((s as { name: string }).name, 'savepack.Blob');
  assert.equal(v.keys('units[0].state'), ['type', 'version', 'schema', 'data']);
  assert.is(v.get('units[0].state.type'), 'golden.devices.Serial');
});

// ---- the hostile corpus: the same code as decode ----

const dir = new URL('./hostile/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Entry[];

function asInput(e: Entry, bytes: Uint8Array): Uint8Array {
  switch (e.input ?? 'bytes') {
    case 'arraybuffer': return bytes.slice().buffer as unknown as Uint8Array;
    case 'dataview': return new DataView(bytes.slice().buffer) as unknown as Uint8Array;
    case 'proxy': return new Proxy(bytes.slice(), {});
    case 'detached': { const ab = bytes.slice().buffer; structuredClone(ab, { transfer: [ab] }); return ab as unknown as Uint8Array; }
    default: return bytes;
  }
}

const CONTROL = /[\x00-\x09\x0b-\x1f\x7f]/;

for (const e of manifest) {
  const name = e.file ?? `${e.generate} (generated)`;
  test(`hostile ${name}: inspect and open().get() fail as decode does`, () => {
    const bytes = e.file ? new Uint8Array(readFileSync(new URL(e.file, dir))) : GENERATORS[e.generate!]!();
    const s = SCHEMAS[e.schema]!;
    const c = codec(s.schema, { version: s.version, ...e.options } as never);
    const o: InspectOptions = { limits: e.options.limits as InspectOptions['limits'], requireChecksum: e.options.requireChecksum as boolean | undefined };
    const want = outcome(() => c.decode(asInput(e, bytes)));
    for (const [how, got] of [['inspect', outcome(() => inspect(asInput(e, bytes), o))], ['open().get()', outcome(() => open(asInput(e, bytes), o).get())]] as const) {
      if (!got.ok) {
        assert.ok(got.error instanceof SavepackError, `${how}: ${got.code}`);
        const err = got.error as SavepackError;
        assert.not.ok(CONTROL.test(err.message) || CONTROL.test(err.path), `${how}: control character in ${JSON.stringify(err.message)}`);
      }
      assert.is(disagreement(e, bytes, want, got), '', how);
    }
    // From inside a larger buffer with canary bytes around it: the same outcome, no canary byte read.
    if (e.offset && (e.input ?? 'bytes') === 'bytes') {
      const text = (f: () => unknown) => { try { return canonical(f()); } catch (x) { return x instanceof SavepackError ? `${x.code} ${x.path} ${x.message}` : String(x); } };
      const big = new Uint8Array(bytes.length + 80).fill(0x43); // 'C'
      big.set(bytes, 41);
      const inner = big.subarray(41, 41 + bytes.length);
      const plainText = text(() => inspect(bytes, o)), placedText = text(() => inspect(inner, o));
      assert.is(placedText, plainText, 'inspect from an offset');
      assert.is(text(() => open(inner, o).get()), text(() => open(bytes, o).get()), 'open().get() from an offset');
      assert.not.match(placedText, /CCCC/);
    }
    // A get of the damaged part alone fails the same way, at the same path.
    const x = e.expect;
    if ('code' in x && x.path && !want.ok && want.code === x.code) {
      const rel = x.path.slice(x.path.indexOf('.', x.path.indexOf('.') + 1) + 1); // after the root's dotted name
      const got = outcome(() => open(asInput(e, bytes), o).get(rel));
      assert.is(got.ok ? 'a value' : `${got.code} ${(got.error as SavepackError).path}`, `${x.code} ${x.path}`, `open().get('${rel}')`);
    }
  });
}

// ---- arbitrary bytes ----

const samples = [fixture('player-v2-nochecksum.sp'), codec(Compact, { version: 0, checksum: false }).encode(codec(Compact, { version: 0 }).decode(fixture('compact-v0.bin')))];

/** Every operation on `bytes` gives a value or a SavepackError. */
function onlySavepackErrors(bytes: Uint8Array): void {
  const ops: (() => unknown)[] = [
    () => inspect(bytes),
    () => open(bytes).get(),
    () => { const v = open(bytes); for (const k of v.keys()) { v.get(String(k)); try { v.length(String(k)); v.keys(String(k)); } catch (e) { if (!(e instanceof SavepackError)) throw e; } } },
  ];
  for (const op of ops) {
    try { op(); } catch (e) {
      if (!(e instanceof SavepackError)) throw new Error(`threw ${String(e)} for ${Buffer.from(bytes).toString('hex').slice(0, 200)}`);
    }
  }
}

test('random bytes (with and without a valid header) give a value or a SavepackError', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
    onlySavepackErrors(b);
    const withMagic = new Uint8Array(b.length + 8);
    withMagic.set(new TextEncoder().encode('savepack')); withMagic.set(b, 8);
    onlySavepackErrors(withMagic);
  }), { numRuns: 300 });
});

test('mutated files (schema section and payload) give a value or a SavepackError', () => {
  fc.assert(fc.property(fc.nat(1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (which, edits) => {
    const b = samples[which]!.slice();
    for (const [at, x] of edits) b[32 + (at % (b.length - 32))] = x;
    onlySavepackErrors(b);
  }), { numRuns: 800 });
});

test.run();
