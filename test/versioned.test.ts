// t.versioned (issue 14.1, API.md 10): type generations with chained from/to. A 5-generation save
// root (one generation spanning three versions, a struct -> union change) loaded and written back
// at every data version; nested use; the stored shape per version. Compiled and interpreted.
// The errors are in versioned-errors.test.ts.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, fingerprint, layout, lock, schemaAt, t } from '../src/index.ts';
import { MODES, Save, SaveV0, VERSION, World, ZERO, ann, annAt, fails, world } from './helpers/versioned-save.ts';

test('root: every data version 0..9 writes the generation holding it and loads back to the newest', () => {
  for (const m of MODES) {
    const c = codec(Save, { version: VERSION, ...m });
    if ('compile' in m) assert.is(c.compiled, false); // interpreted (also every mode under setCompileDefault(false))
    for (let k = 0; k <= VERSION; k++) {
      const bytes = c.encode(ann, { version: k });
      assert.equal(c.decode(bytes), annAt(k), `version ${k}`);
      // Loaded and written back at the same version: the same bytes (the chain is stable).
      assert.equal(c.encode(c.decode(bytes), { version: k }), bytes, `rewrite of version ${k}`);
    }
  }
});

test('root: a value crossing the struct -> union generation change (Dead) at every version', () => {
  const bo: Save = { name: 'Bo', hp: 0, level: 0, gold: 0n, alive: false, day: 3 };
  for (const m of MODES) {
    const c = codec(Save, { version: VERSION, ...m });
    for (let k = 0; k <= VERSION; k++) {
      const back = c.decode(c.encode(bo, { version: k }));
      assert.equal(back, k >= 6 ? bo : { ...bo, day: 1 }, `version ${k}`);
    }
  }
});

test('stored shape: schemaAt, fingerprint and lock show the generation of each version', () => {
  assert.is(fingerprint(Save, 0), 'struct vt.SaveV0{name:string,hp:u8}');
  assert.is(fingerprint(Save, 1), fingerprint(Save, 0));
  assert.is(fingerprint(Save, 2), 'struct vt.SaveV1{name:string,hp:u16,level:u8}');
  assert.is(fingerprint(Save, 4), 'struct vt.SaveV1{name:string,hp:u16,level:u8,gold:u32}');
  assert.match(fingerprint(Save, 5), /^union vt\.SaveV2:u8\{Alive=0\{/);
  assert.match(fingerprint(Save, 7), /^struct vt\.SaveV3\{hero:union vt\.SaveV2/);
  assert.is(fingerprint(Save), fingerprint(Save, 8));
  assert.is(fingerprint(Save, 9), 'struct vt.SaveV4{name:string,hp:u32,level:u16,gold:u64,alive:bool,day:u16}');
  assert.is(schemaAt(Save, 5).kind, 'union');
  const c = codec(Save, { version: VERSION });
  assert.is(c.schemaAt(3).kind, 'struct');
  assert.equal(Object.keys(lock(c)).map(Number), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.match(c.describe(5), /union vt\.SaveV2/);
  assert.match(c.describe(5), /versioned vt\.Save \(5 generations\): data version 5 is stored as generation 2 \(since 5, vt\.SaveV2\); a load runs 2 from functions \(up to the newest\), a write 2 to/);
  assert.match(c.describe(), /versioned vt\.Save \(5 generations\): data version 9 is stored as generation 4 \(since 8, vt\.SaveV4\); the newest, no conversion/);
  assert.match(codec(World, { version: VERSION }).describe(3), /versioned vt\.Pos \(2 generations\).*\n.*versioned vt\.Save/);
  assert.is(layout(Save, 0).size, undefined); // a string: no fixed size
  assert.is(layout(Save).packed, false);
  assert.match(layout(Save).reason!, /versioned type vt\.Save/);
});

test('a file of one version read by a codec expecting another generation is SCHEMA_MISMATCH', () => {
  const old = codec(SaveV0, { version: 0 }).encode({ name: 'x', hp: 1 });
  const c = codec(Save, { version: VERSION });
  assert.equal(c.decode(old), { name: 'x', hp: 1, level: 1, gold: 0n, alive: true, day: 1 });
  // The same bytes claimed as version 5 (a union is expected there): refused before any payload is read.
  const v5 = codec(t.struct('vt.SaveV0', { name: t.string, hp: t.u8 }), { version: 5 }).encode({ name: 'x', hp: 1 });
  fails(() => c.decode(v5), 'SCHEMA_MISMATCH');
});

// --- nested use --------------------------------------------------------------------------------

test('nested: in a struct field, a vec, an option, a map value and a field with since, at every version', () => {
  for (const m of MODES) {
    const c = codec(World, { version: VERSION, ...m });
    for (let k = 0; k <= VERSION; k++) {
      const back = c.decode(c.encode(world, { version: k }));
      assert.equal(back, { ...world, save: k === 0 ? ZERO : annAt(k) }, `version ${k}`);
    }
    assert.equal(c.decode(c.encode({ ...world, trail: [], last: undefined })).trail, []);
  }
  assert.is(fingerprint(World, 0), 'struct vt.World{title:string,home:tuple<u8,u8>,trail:vec<tuple<u8,u8>>,last:option<tuple<u8,u8>>,named:map<string,tuple<u8,u8>>}');
});

test('nested: a versioned field a version lacks loads as its default, or the newest generation\'s zero value', () => {
  const WithDefault = t.struct('vt.WithDefault', { a: t.u8, save: t.field(Save, { since: 1, default: ann }) });
  for (const m of MODES) {
    const c = codec(World, { version: VERSION, ...m });
    assert.equal(c.decode(c.encode(world, { version: 0 })).save, ZERO);
    const d = codec(WithDefault, { version: VERSION, ...m });
    const back = d.decode(d.encode({ a: 1, save: ann }, { version: 0 }));
    assert.equal(back.save, ann);
    assert.is.not(back.save, ann); // a copy, never the default object itself
  }
});

test.run();
