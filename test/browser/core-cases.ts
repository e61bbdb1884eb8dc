// The library's core checks as plain functions, shared by Node and the browser pages
// (test/browser.test.ts runs them in Node, then bundles test/browser/page.ts with esbuild and runs
// them in headless Chromium under several Content-Security-Policies).
//
// A case throws on failure and returns a digest of every byte it produced, so the runner can
// check that each page wrote exactly the bytes Node wrote (compiled + WASM in Node, interpreter +
// JS kernels under a strict CSP). No test framework and no Node API here: only the package root.

import {
  codec, diffSchema, layout, RecordArray, SavepackError, schemaAt, t, type Schema,
} from '../../src/index.ts';
import { CURRENT_VERSION, Player as GamePlayer, Position as GamePosition } from '../../examples/player.ts';
import { Digest, equal, fail, hex, ok, pair, rng, roundTrip, show, throwsCode } from './case-kit.ts';
import { Cell, Everything, everything, Player, Position, Tree, type TreeNode } from './case-schemas.ts';

export { show };

/** What a page hands to the cases: the golden files of test/fixtures, by relative path. */
export interface CaseContext {
  fixtures: Record<string, Uint8Array>;
}

/** A core case: throws on failure, returns a digest of the bytes it produced. */
export type Case = (ctx: CaseContext) => string | void;

// ---------------------------------------------------------------------------------------------
// The cases

export const cases: Record<string, Case> = {
  'round trip: scalars'() {
    const d = new Digest();
    const list: [Schema, unknown[]][] = [
      [t.bool, [true, false]],
      [t.u8, [0, 255]], [t.i8, [-128, 127]], [t.u16, [0, 65535]], [t.i16, [-32768, 32767]],
      [t.u32, [0, 4294967295]], [t.i32, [-2147483648, 2147483647]],
      [t.u64, [0n, 18446744073709551615n]], [t.i64, [-9223372036854775808n, 9223372036854775807n]],
      [t.f32, [0, -0, 1.5, NaN, Infinity, -Infinity]], [t.f64, [-0, Math.E, Number.MIN_VALUE, Number.MAX_VALUE, NaN]],
      [t.string, ['', 'ascii', 'é', '日本語', '😀 𝄞', 'x'.repeat(300), '😀'.repeat(5000)]],
      [t.bytes, [new Uint8Array(0), Uint8Array.of(1, 2, 3)]],
      [t.unit, [undefined]], [t.canary, [undefined]],
    ];
    for (const [schema, values] of list) for (const v of values) roundTrip(d, schema, v);
    // u64/i64 also accept a safe-integer number on encode; decode yields bigint.
    roundTrip(d, t.u64, 42, {}, { as: 42n });
    return d.toString();
  },

  'round trip: composites'() {
    const d = new Digest();
    roundTrip(d, Everything, everything);
    roundTrip(d, t.vec(Position), [{ x: 1, y: 2 }, { x: 3, y: 4 }]);
    roundTrip(d, t.option(t.u8), null, {}, { as: undefined });
    roundTrip(d, t.array(t.string, 0), []);
    roundTrip(d, t.union('test.Ev', { Hit: { dmg: t.u8 }, Miss: t.unit }, { tag: 'type', size: 'u16' }), { type: 'Hit', dmg: 9 });
    roundTrip(d, t.enum('test.Sparse', { low: 1, high: 40000 }, { size: 'u16' }), 'high');
    const tree: TreeNode = { label: 'root', children: [{ label: 'a', children: [] }, { label: 'b', children: [{ label: 'c', children: [] }] }] };
    roundTrip(d, Tree, tree);
    return d.toString();
  },

  'round trip: options (deflate, no checksum, no schema header)'() {
    const d = new Digest();
    const big = { ...everything, text: 'compress me '.repeat(2000), list: Array.from({ length: 3000 }, (_, i) => i % 7) };
    const deflated = roundTrip(d, Everything, big, { compress: 'deflate' });
    const plain = roundTrip(d, Everything, big);
    ok(deflated.length < plain.length / 4, `deflate should shrink repetitive data (${deflated.length} vs ${plain.length} bytes)`);
    roundTrip(d, Everything, everything, { checksum: false });
    roundTrip(d, Everything, everything, { schemaHeader: false });
    roundTrip(d, Everything, everything, { compress: 'deflate', checksum: false, schemaHeader: false });
    return d.toString();
  },

  'versioned: write every version, read as current'() {
    const d = new Digest();
    const history = RecordArray.from(Position, [{ x: 1, y: 1 }, { x: 2, y: 3 }]);
    const player = { name: 'Ada', inventory: ['sword'], skills: ['swim'], history };
    const [auto, interp] = pair(Player, { version: 2 });
    const expected: Record<number, unknown> = {
      0: { name: 'Ada', inventory: ['sword'], skills: [], history: new RecordArray(Position, 0) },
      1: { name: 'Ada', inventory: ['sword'], skills: ['swim'], history: new RecordArray(Position, 0) },
      2: player,
    };
    for (const v of [0, 1, 2]) {
      const a = auto.encode(player, { version: v });
      const b = interp.encode(player, { version: v });
      if (hex(a) !== hex(b)) fail(`version ${v}: compiled and interpreted bytes differ`);
      equal(auto.decode(a), expected[v], `decode of version ${v} (default path)`);
      equal(interp.decode(a), expected[v], `decode of version ${v} (interpreter)`);
      d.add(a);
    }
    // A codec of an older current version (release 1's schema) cannot read a newer file.
    const v2 = auto.encode(player);
    throwsCode(() => codec(schemaAt(Player, 1), { version: 1 }).decode(v2), 'NEWER_VERSION', 'decode v2 with a v1 codec');
    // A codec whose version is older than a field of its schema is refused at once (a forgotten bump).
    throwsCode(() => codec(Player, { version: 1 }), 'INVALID_SCHEMA', 'a v1 codec of the v2 schema');
    return d.toString();
  },

  'versioned: defaults, widening, removed fields, hooks'() {
    const d = new Digest();
    const Stats = t.struct('test.Stats', {
      hp: t.field(t.u32, { was: [{ until: 0, type: t.u8 }] }),
      mana: t.field(t.u16, { since: 1, default: (from: number) => 100 + from }),
      legacy: t.removed(t.string, { until: 1 }),
      title: t.field(t.string, { since: 2, default: 'novice' }),
    });
    const [auto, interp] = pair(Stats, { version: 2 });
    const value = { hp: 200, mana: 7, title: 'hero' };
    const expected: Record<number, unknown> = {
      0: { hp: 200, mana: 100, title: 'novice' },
      1: { hp: 200, mana: 7, title: 'novice' },
      2: value,
    };
    for (const v of [0, 1, 2]) {
      const a = d.add(auto.encode(value, { version: v }));
      equal(hex(interp.encode(value, { version: v })), hex(a), `version ${v} bytes (interpreter)`);
      equal(auto.decode(a), expected[v], `version ${v} (default path)`);
      equal(interp.decode(a), expected[v], `version ${v} (interpreter)`);
    }
    // Narrowing back to u8 at version 0 is range-checked.
    throwsCode(() => auto.encode({ hp: 300, mana: 0, title: '' }, { version: 0 }), 'INVALID_VALUE', 'hp 300 as version-0 u8');
    throwsCode(() => interp.encode({ hp: 300, mana: 0, title: '' }, { version: 0 }), 'INVALID_VALUE', 'hp 300 as version-0 u8 (interpreter)');
    // onSave sees a copy; onLoad may fix up the decoded object.
    const Hooked = t.struct('test.Hooked', {
      a: t.u8,
      b: t.field(t.u8, {
        since: 1,
        onSave: (v: Record<string, unknown>) => { v.a = 99; },
        onLoad: (v: Record<string, unknown>) => { v.b = (v.a as number) + 1; },
      }),
    });
    const [h, hi] = pair(Hooked, { version: 1 });
    const original = { a: 1, b: 2 };
    const old = d.add(h.encode(original, { version: 0 }));
    equal(original, { a: 1, b: 2 }, 'onSave must not mutate the caller\'s object');
    equal(hex(hi.encode(original, { version: 0 })), hex(old), 'hooked bytes (interpreter)');
    equal(h.decode(old), { a: 99, b: 100 }, 'onLoad result');
    equal(hi.decode(old), { a: 99, b: 100 }, 'onLoad result (interpreter)');
    return d.toString();
  },

  // The golden files (test/fixtures/*.sp, see test/golden.test.ts for their exact values): today's
  // codec reads each with both paths and writes it back at its version. The digest covers the
  // decoded values and the rewritten bytes, so every page must load exactly what Node loads.
  'golden files: versioned loads of test/fixtures'(ctx) {
    const d = new Digest();
    const names = Object.keys(ctx.fixtures).filter((n) => n.endsWith('.sp')).sort();
    ok(names.length >= 5, `golden files present (got ${names.join(', ') || 'none'})`);
    const [auto, interp] = pair(GamePlayer, { version: CURRENT_VERSION });
    const text = new TextEncoder();
    for (const name of names) {
      const bytes = ctx.fixtures[name]!;
      const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(12, true);
      const a = auto.decode(bytes);
      const b = interp.decode(bytes);
      equal(b, a, `${name}: interpreter and default path decode the same value`);
      ok(a.name === 'Steve' || a.name === 'Stéve 🏹', `${name}: name ${JSON.stringify(a.name)}`);
      ok(a.history instanceof RecordArray && a.history.schema === GamePosition, `${name}: history is a RecordArray of Position`);
      ok(a.history.length === (version >= 2 ? 65 : 0), `${name}: ${a.history.length} history records at version ${version}`);
      d.add(text.encode(`${name}=${show(a)}`));
      const compress = bytes[10]! & 0b1100 ? 'deflate' : 'none';
      const checksum = (bytes[10]! & 0b10) !== 0;
      const again = codec(GamePlayer, { version: CURRENT_VERSION, compress, checksum });
      const rewritten = again.encode(a, { version });
      equal(hex(codec(GamePlayer, { version: CURRENT_VERSION, compress, checksum, compile: false }).encode(a, { version })), hex(rewritten), `${name}: rewritten bytes (interpreter)`);
      d.add(rewritten);
    }
    return `${names.length} files ${d}`;
  },

  'records: RecordArray and the packed path'() {
    const d = new Digest();
    equal(layout(Position), { size: 8, align: 4, packed: true }, 'layout(Position)');
    const bad = layout(t.struct('test.Bad', { f1: t.u8, f2: t.u32 }));
    ok(!bad.packed && /padding/.test(bad.reason ?? ''), `layout of a padded struct: ${show(bad)}`);
    throwsCode(() => t.struct('test.Bad2', { f1: t.u8, f2: t.u32 }, { packed: true }), 'INVALID_SCHEMA', 'packed: true on a padded struct');

    const ra = new RecordArray(Position, 2);
    for (let i = 0; i < 1000; i++) ra.push({ x: i, y: 1000 - i });
    ok(ra.length === 1000, `length ${ra.length}`);
    equal(ra.get(10), { x: 10, y: 990 }, 'get(10)');
    ra.set(10, { x: 7, y: 8 });
    equal(ra.get(10), { x: 7, y: 8 }, 'get after set');
    ok(ra.bytes.length === 8000, `bytes.length ${ra.bytes.length}`);
    const view = new DataView(ra.bytes.buffer, ra.bytes.byteOffset, ra.bytes.byteLength);
    ok(view.getUint32(80, true) === 7 && view.getUint32(84, true) === 8, 'records are packed little-endian');
    let n = 0;
    for (const p of ra) { if (p.x + p.y !== 1000 && n !== 10) fail(`record ${n}: ${show(p)}`); n++; }
    ok(n === 1000, 'iteration count');
    equal(RecordArray.from(Position, [{ x: 1, y: 2 }]).toArray(), [{ x: 1, y: 2 }], 'from/toArray');

    const Level = t.struct('test.Level', { cells: t.records(Cell), path: t.records(Position) });
    const cells = RecordArray.from(Cell, Array.from({ length: 300 }, (_, i) => ({ alive: i % 2 === 0, kind: (['empty', 'wall', 'door'] as const)[i % 3]!, hp: i })));
    const level = { cells, path: ra };
    const bytes = roundTrip(d, Level, level);
    const back = codec(Level, { version: 0 }).decode(bytes);
    ok(back.path instanceof RecordArray && back.cells instanceof RecordArray, 'decoded t.records are RecordArrays');

    // A bad bool byte in record 5 is rejected before the data is handed out, with the index.
    const one = codec(t.records(Cell), { version: 0, checksum: false });
    const enc = one.encode(RecordArray.from(Cell, Array.from({ length: 8 }, () => ({ alive: true, kind: 'wall', hp: 1 }))));
    const rec = hex(RecordArray.from(Cell, [{ alive: true, kind: 'wall', hp: 1 }]).bytes);
    const at = hex(enc).lastIndexOf(rec.repeat(8)) / 2;
    ok(at > 0, 'records found in the file');
    const size = rec.length / 2;
    const corrupt = enc.slice();
    corrupt[at + 5 * size] = 2; // alive = 2
    throwsCode(() => one.decode(corrupt), 'INVALID_DATA', 'bool byte 2 in record 5', /\[5\]/);
    const corrupt2 = enc.slice();
    corrupt2[at + 3 * size + 1] = 9; // kind = 9
    throwsCode(() => one.decode(corrupt2), 'INVALID_DATA', 'enum 9 in record 3', /\[3\]/);
    throwsCode(() => codec(t.records(Cell), { version: 0, checksum: false, compile: false }).decode(corrupt2), 'INVALID_DATA', 'enum 9 in record 3 (interpreter)', /\[3\]/);
    return d.toString();
  },

  'errors: codes, paths and messages'() {
    const d = new Digest();
    const c = codec(Player, { version: 2 });
    const good = d.add(c.encode({ name: 'x', inventory: ['a', 'b'], skills: [], history: new RecordArray(Position, 0) }));
    throwsCode(() => c.decode(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)), 'BAD_MAGIC', 'random bytes');
    throwsCode(() => c.decode(new Uint8Array(0)), 'TRUNCATED', 'empty input');
    for (const cut of [good.length - 1, good.length >> 1, 10]) {
      throwsCode(() => c.decode(good.subarray(0, cut)), 'TRUNCATED', `cut to ${cut} of ${good.length} bytes`);
    }
    const flipped = good.slice();
    flipped[flipped.length - 12] ^= 0x40;
    throwsCode(() => c.decode(flipped), 'CHECKSUM', 'flipped byte');
    const other = codec(t.struct('game.Player', { name: t.string, level: t.u8 }), { version: 2 });
    const e = throwsCode(() => other.decode(good), 'SCHEMA_MISMATCH', 'decode with a different schema');
    ok(/level|inventory/.test(e.message), `SCHEMA_MISMATCH names the differing field: ${e.message}`);
    ok(diffSchema(Position, Position) === undefined, 'diffSchema of equal schemas');
    ok(/y|u16|u32/.test(diffSchema(Position, t.struct('game.Position', { x: t.u32, y: t.u16 })) ?? ''), 'diffSchema names the difference');

    const Inv = t.struct('game.Inv', { items: t.vec(t.struct('game.Item', { id: t.u8 })) });
    for (const k of pair(Inv)) {
      throwsCode(() => k.encode({ items: [{ id: 1 }, { id: 300 }] }), 'INVALID_VALUE', 'u8 300', 'game.Inv.items[1].id');
      throwsCode(() => k.encode({ items: [{ id: 1.5 }] }), 'INVALID_VALUE', 'u8 1.5');
    }
    throwsCode(() => t.struct('test.Dup', { a: t.field(t.u8, { since: 3, until: 1 }) }), 'INVALID_SCHEMA', 'since > until');
    throwsCode(() => t.struct('test.Narrow', { a: t.field(t.u8, { was: [{ until: 0, type: t.u32 }] }) }), 'INVALID_SCHEMA', 'narrowing was without convert');

    // Depth is bounded on load.
    let deep: TreeNode = { label: '', children: [] };
    for (let i = 0; i < 300; i++) deep = { label: '', children: [deep] };
    const treeBytes = d.add(codec(Tree, { version: 0, limits: { maxDepth: 1000 } }).encode(deep));
    throwsCode(() => codec(Tree, { version: 0 }).decode(treeBytes), 'LIMIT_EXCEEDED', 'tree deeper than 256');
    throwsCode(() => codec(Tree, { version: 0, compile: false }).decode(treeBytes), 'LIMIT_EXCEEDED', 'tree deeper than 256 (interpreter)');
    throwsCode(() => codec(t.string, { version: 0, limits: { maxBytes: 16 } }).decode(codec(t.string, { version: 0 }).encode('x'.repeat(64))), 'LIMIT_EXCEEDED', 'maxBytes');
    return d.toString();
  },

  'errors: damaged input never throws anything but SavepackError'() {
    const random = rng(8);
    const [c, ci] = pair(Everything, { version: 0 });
    const seeds = [c.encode(everything), codec(Everything, { version: 0, compress: 'deflate' }).encode(everything), codec(Everything, { version: 0, checksum: false }).encode(everything)];
    let codes = 0;
    for (let i = 0; i < 600; i++) {
      const src = seeds[i % seeds.length]!;
      const b = src.slice(0, random() < 0.2 ? Math.floor(random() * src.length) : src.length);
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips && b.length; f++) b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
      for (const k of [c, ci]) {
        try {
          k.decode(b);
        } catch (e) {
          if (!(e instanceof SavepackError)) fail(`iteration ${i}: ${String(e)} (input ${hex(b).slice(0, 80)}...)`);
          codes++;
        }
      }
    }
    ok(codes > 0, 'some damaged inputs must fail');
  },
};
