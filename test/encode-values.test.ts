// Encode-side value checks (issue 11): f32 refuses finite values that would become Infinity, NaN
// payloads of bulk data survive, and a value that changes (or lies about its size) while it is
// written never yields a file that cannot be loaded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordArray, SavepackError, t } from '../src/index.ts';
import { both, hex, throwsCode } from './helpers/codecs.ts';
import { FRAMES, Pos } from './helpers/encode-data.ts';

// --- NaN payloads (FORMAT.md: kept bit for bit in t.typed / t.records bulk data) ---

test('NaN payloads: t.typed and t.records keep signalling and payload NaN bits exactly', () => {
  const f32 = new Uint32Array([0x7f800001, 0xffa00005, 0x7fc00000, 0x7fbfffff]);
  const f64 = new BigUint64Array([0x7ff0000000000001n, 0xfff4000000000123n, 0x7ff8000000000000n]);
  const R = t.struct('enc.R', { d: t.f64, f: t.f32, g: t.f32 });
  const S = t.struct('enc.NaNs', { a: t.typed('f32'), b: t.typed('f64'), r: t.records(R) });
  const rec = new Uint8Array(16);
  new DataView(rec.buffer).setBigUint64(0, 0x7ff0000000000001n, true);
  new DataView(rec.buffer).setUint32(8, 0x7f800001, true);
  new DataView(rec.buffer).setUint32(12, 0xffa00005, true);
  const value = { a: new Float32Array(f32.buffer.slice(0)), b: new Float64Array(f64.buffer.slice(0)), r: RecordArray.fromBytes(R, rec) };
  for (const frame of FRAMES) {
    const { compiled, interpreted } = both(S, frame);
    for (const c of [compiled, interpreted]) {
      const back = c.decode(c.encode(value));
      assert.equal([...new Uint32Array(back.a.buffer, back.a.byteOffset, back.a.length)], [...f32]);
      assert.equal([...new BigUint64Array(back.b.buffer, back.b.byteOffset, back.b.length)], [...f64]);
      assert.is(hex(back.r.bytes), hex(rec));
    }
  }
});

test('NaN: a scalar f32/f64 NaN decodes to a NaN number', () => {
  const S = t.struct('enc.NaN1', { f: t.f32, d: t.f64, v: t.vec(t.f64) });
  const { compiled, interpreted } = both(S);
  const sNaN = new Float64Array(new BigUint64Array([0x7ff0000000000001n]).buffer)[0]!;
  for (const c of [compiled, interpreted]) {
    const back = c.decode(c.encode({ f: sNaN, d: sNaN, v: [sNaN, NaN] }));
    assert.ok(Number.isNaN(back.f) && Number.isNaN(back.d) && back.v.every(Number.isNaN));
  }
});

// --- f32 range ---

test('f32: finite values that would round to Infinity are INVALID_VALUE with a path, both paths', () => {
  const S = t.struct('enc.F', { a: t.f32, v: t.vec(t.f32), arr: t.array(t.f32, 2), o: t.option(t.f32) });
  const ok = { a: 1, v: [1], arr: [1, 2], o: 1 };
  const cases: [Record<string, unknown>, string][] = [
    [{ ...ok, a: 1e40 }, 'enc.F.a'], [{ ...ok, a: -1e40 }, 'enc.F.a'], [{ ...ok, a: Number.MAX_VALUE }, 'enc.F.a'],
    [{ ...ok, a: 2 ** 128 - 2 ** 103 }, 'enc.F.a'], [{ ...ok, v: [1, 3.5e38] }, 'enc.F.v[1]'], [{ ...ok, arr: [0, -1e39] }, 'enc.F.arr[1]'],
    [{ ...ok, o: 1e300 }, 'enc.F.o'],
  ];
  const { compiled, interpreted } = both(S);
  for (const c of [compiled, interpreted]) {
    for (const [v, path] of cases) {
      const e = throwsCode(() => c.encode(v as never), 'INVALID_VALUE', path);
      assert.match(e.message, /f32/);
    }
  }
});

test('f32: values that round into range, infinities and NaN still encode', () => {
  const S = t.struct('enc.F2', { v: t.vec(t.f32), a: t.f32 });
  const FLT_MAX = 3.4028234663852886e38;
  const just = 2 ** 128 - 2 ** 103 - 2 ** 75; // the largest double below the f32 overflow bound
  const { compiled, interpreted } = both(S);
  for (const c of [compiled, interpreted]) {
    const back = c.decode(c.encode({ v: [3.4028235e38, -3.4028235e38, just, Infinity, -Infinity, NaN, 1e-50], a: -just }));
    assert.equal(back.v.slice(0, 5), [FLT_MAX, -FLT_MAX, FLT_MAX, Infinity, -Infinity]);
    assert.ok(Number.isNaN(back.v[5]));
    assert.is(back.v[6], 0);
    assert.is(back.a, -FLT_MAX);
  }
});

// --- values that change or lie while they are written ---

/** `fn` either throws INVALID_VALUE, or returns bytes that decode (and satisfy `check`). */
function throwsOrLoads(c: { encode(v: never): Uint8Array; decode(b: Uint8Array): unknown }, make: () => unknown, check: (back: any) => void = () => {}): 'threw' | 'loaded' {
  let bytes: Uint8Array;
  try {
    bytes = c.encode(make() as never);
  } catch (e) {
    assert.instance(e, SavepackError);
    assert.is((e as SavepackError).code, 'INVALID_VALUE', (e as Error).message);
    return 'threw';
  }
  check(c.decode(bytes));
  return 'loaded';
}

class LyingMap<K, V> extends Map<K, V> {
  constructor(entries: [K, V][], readonly claims: number) { super(entries); }
  override get size(): number { return this.claims; }
}

test('map: a Map whose size lies is INVALID_VALUE, both paths', () => {
  for (const frame of [FRAMES[0], FRAMES[1]]) {
    const { compiled, interpreted } = both(t.map(t.string, t.u8), frame);
    for (const c of [compiled, interpreted]) {
      const entries: [string, number][] = [['a', 1], ['b', 2], ['c', 3]];
      for (const claims of [0, 1, 2, 4, 200, -1, 1.5, 2 ** 32]) {
        throwsCode(() => c.encode(new LyingMap(entries, claims) as never), 'INVALID_VALUE');
      }
      assert.is(c.decode(c.encode(new LyingMap(entries, 3) as never)).size, 3); // telling the truth is fine
      throwsOrLoads(c, () => new Proxy(new Map(entries), {}));
    }
  }
});

test('map: a Map that grows or shrinks while it is written is INVALID_VALUE, both paths', () => {
  const S = t.map(t.string, t.struct('enc.MV', { n: t.u8 }));
  const { compiled, interpreted } = both(S);
  for (const c of [compiled, interpreted]) {
    const grow = () => {
      const m = new Map<string, unknown>();
      m.set('a', { get n() { m.set('z', { n: 9 }); return 1; } });
      m.set('b', { n: 2 });
      return m;
    };
    throwsCode(() => c.encode(grow() as never), 'INVALID_VALUE');
    const shrink = () => {
      const m = new Map<string, unknown>();
      m.set('a', { get n() { m.delete('b'); return 1; } });
      m.set('b', { n: 2 });
      return m;
    };
    throwsCode(() => c.encode(shrink() as never), 'INVALID_VALUE');
  }
});

test('vec: an array that grows while it is written still loads (the items its prefix counts), both paths', () => {
  const Item = t.struct('enc.Item', { n: t.u32 });
  const Fixed = t.struct('enc.Grow', { items: t.vec(Item), after: t.u8 });
  const Var = t.struct('enc.GrowVar', { items: t.vec(t.struct('enc.ItemS', { s: t.string })), after: t.u8 });
  const Arr = t.struct('enc.GrowArr', { items: t.array(t.struct('enc.ItemS2', { s: t.string }), 2), after: t.u8 });
  const makeGrow = (key: 'n' | 's', val: unknown) => () => {
    const items: unknown[] = [];
    let pushed = false;
    items.push({ get [key]() { if (!pushed) { pushed = true; items.push({ [key]: val }, { [key]: val }); } return val; } });
    items.push({ [key]: val });
    return { items, after: 7 };
  };
  for (const [S, key, val] of [[Fixed, 'n', 5], [Var, 's', 'x'], [Arr, 's', 'y']] as const) {
    const { compiled, interpreted } = both(S);
    for (const c of [compiled, interpreted]) {
      const r = throwsOrLoads(c, makeGrow(key, val), (back) => {
        assert.is(back.items.length, 2);
        assert.is(back.after, 7);
      });
      assert.is(r, 'loaded');
    }
  }
});

test('vec: an array that shrinks while it is written fails or loads, never a broken file', () => {
  const S = t.struct('enc.Shrink', { items: t.vec(t.struct('enc.SI', { n: t.u8 })), opt: t.vec(t.option(t.struct('enc.SO', { n: t.u8 }))), after: t.u8 });
  const { compiled, interpreted } = both(S);
  for (const c of [compiled, interpreted]) {
    throwsOrLoads(c, () => {
      const items: unknown[] = [{ get n() { items.length = 1; return 1; } }, { n: 2 }, { n: 3 }];
      return { items, opt: [], after: 1 };
    });
    throwsOrLoads(c, () => {
      const opt: unknown[] = [{ get n() { opt.length = 1; return 1; } }, { n: 2 }];
      return { items: [], opt, after: 1 };
    }, (back) => assert.is(back.opt.length, 2));
  }
});

test('vec: a custom encoder that pushes to the array being written still gives a loadable file', () => {
  const list: unknown[] = [];
  const Pusher = t.custom(t.u8, { name: 'enc.Pusher', encode: (x: number) => { if (list.length < 5) list.push(x + 1); return x; }, decode: (x) => x });
  const S = t.struct('enc.PushList', { list: t.vec(Pusher), tail: t.string });
  const { compiled, interpreted } = both(S);
  for (const c of [compiled, interpreted]) {
    list.length = 0;
    list.push(1, 2);
    const back = c.decode(c.encode({ list, tail: 'end' }));
    assert.equal(back, { list: [1, 2], tail: 'end' });
  }
});

test('bulk: a typed array, Uint8Array or RecordArray whose length lies still writes a loadable file', () => {
  class LyingF32 extends Float32Array { override get length(): number { return 1; } }
  const S = t.struct('enc.Lie', { a: t.typed('f32'), b: t.bytes, r: t.records(Pos), tail: t.u8 });
  const lyingBytes = Uint8Array.of(1, 2, 3, 4);
  Object.defineProperty(lyingBytes, 'length', { value: 1 });
  const ra = RecordArray.from(Pos, [{ x: 1, y: 2 }, { x: 3, y: 4 }]);
  Object.defineProperty(ra, 'length', { value: 7 });
  const { compiled, interpreted } = both(S);
  for (const c of [compiled, interpreted]) {
    throwsOrLoads(c, () => ({ a: LyingF32.of(1, 2, 3), b: lyingBytes, r: ra, tail: 9 }), (back) => {
      assert.equal([...back.a], [1, 2, 3]);
      assert.equal([...back.b], [1, 2, 3, 4]);
      assert.is(back.r.bytes.length, 16);
      assert.is(back.tail, 9);
    });
  }
});

test.run();
