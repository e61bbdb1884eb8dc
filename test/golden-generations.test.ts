// Golden files of a root that changes generation (t.versioned, issue 14.1): test/fixtures/
// generations-v0.bin … -v3.bin, written once by make-generations.ts and never regenerated. Each
// loads to its sample through the from chain, today's encoder writes it byte for byte through
// the to chain, the stored shapes' fingerprints never change, and each file is an ordinary file
// of its generation's plain schema. Compiled and interpreted.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, fingerprint } from '../src/index.ts';
import { Config, CONFIG_VERSION, ConfigV1, ConfigV2, ConfigV3, configSample } from './fixtures/generations.ts';

const DIR = fileURLToPath(new URL('fixtures/', import.meta.url));
const file = (k: number) => new Uint8Array(readFileSync(`${DIR}generations-v${k}.bin`));
const VERSIONS = [0, 1, 2, 3];

test('the files are unchanged (SHA-256 pinned)', () => {
  const sha = VERSIONS.map((k) => createHash('sha256').update(file(k)).digest('hex'));
  assert.equal(sha, [
    'd43a1a85bb88b133d2ac154de6a22031e1d8180d6e170d7714425d70b87ce974',
    '667d9a1fb6d06484a0cc11f0562bfe3445575bad8e4b2f324fff5c1c9673fb19',
    '8b381bf20ec38e2038ae2856c2698df9edfec87ef56b61fe983c05b18e3319a9',
    'c6a7f37e6f70853ae41f39c64d5cfa16f7fe09a43f165f4cffe6ff69ffa36e37',
  ], 'golden files were modified or regenerated: restore them from git');
});

test('every version loads to its sample and is written again byte for byte', () => {
  for (const compile of [true, false]) {
    const c = codec(Config, { version: CONFIG_VERSION, compile });
    for (const k of VERSIONS) {
      assert.equal(c.decode(file(k)), configSample(k), `v${k} compile=${compile}`);
      assert.equal(c.encode(configSample(k), { version: k }), file(k), `v${k} rewrite compile=${compile}`);
    }
  }
});

test('the stored shape of each version: its generation (fingerprints pinned)', () => {
  assert.equal(VERSIONS.map((k) => fingerprint(Config, k)), [
    'struct gen.ConfigV1{name:string,volume:u8}',
    'union gen.ConfigV2:u8{Quiet=0{name:string},Loud=1{name:string,volume:u16}}',
    'union gen.ConfigV2:u8{Quiet=0{name:string},Loud=1{name:string,volume:u16}}',
    'struct gen.ConfigV3{name:string,volume:f32,tags:vec<string>}',
  ]);
});

test('each file is an ordinary file of its generation\'s plain schema', () => {
  assert.equal(codec(ConfigV1, { version: 0 }).decode(file(0)), { name: 'release 0', volume: 200 });
  assert.equal(codec(ConfigV2, { version: 2 }).decode(file(1)), { kind: 'Quiet', name: 'release 1' });
  assert.equal(codec(ConfigV2, { version: 2 }).decode(file(2)), { kind: 'Loud', name: 'release 2 ♪', volume: 1000 });
  assert.equal(codec(ConfigV3, { version: 3 }).decode(file(3)), configSample(3));
});

test.run();
