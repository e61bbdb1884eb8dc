// Smoke test of the benchmark suite: every benchmark case (workload × codec row) round-trips once
// at a small size, through the same check the benchmark runs before timing. No timing assertions.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PEERS } from '../bench/codecs/index.ts';
import { loadSavepack } from '../bench/codecs/savepack.ts';
import { checkRow, collectRows, timeRows } from '../bench/harness.ts';
import { firstDifference } from '../bench/compare.ts';
import { TARGETS } from '../bench/targets.ts';
import type { Adapter, Row } from '../bench/types.ts';
import { WORKLOADS } from '../bench/workloads/index.ts';

const sp = await loadSavepack();
const adapters: Adapter[] = ['adapter' in sp ? sp.adapter : undefined, ...PEERS].filter((a) => a !== undefined);

test('savepack adapter loads', () => {
  assert.ok('adapter' in sp, 'reason' in sp ? sp.reason : '');
});

for (const w of WORKLOADS) {
  const data = w.make(true);
  for (const c of collectRows(adapters, data)) {
    test(`${w.id}: ${c.row.name} round-trips`, () => {
      assert.not.ok(c.disqualified, c.disqualified);
      const checked = checkRow(c.row, data.value);
      assert.not.ok(checked.disqualified, checked.disqualified);
    });
  }
}

test('every target names rows that exist', () => {
  for (const t of TARGETS) {
    const w = WORKLOADS.find((x) => x.id === t.workload);
    assert.ok(w, t.workload);
    const names = collectRows(adapters, w.make(true)).map((c) => c.row.name);
    assert.ok(names.includes(t.row), `${t.label}: no row ${t.row}`);
    if (t.against !== 'peer') assert.ok(names.includes(t.against), `${t.label}: no row ${t.against}`);
  }
});

test('a codec that returns a wrong answer is disqualified', () => {
  const value = { a: [1, 2, 3], b: { c: 'x' } };
  const wrong: Row = { name: 'wrong', role: 'peer', encode: () => new Uint8Array([1]), decode: () => ({ a: [1, 2, 4], b: { c: 'x' } }) };
  const checked = checkRow(wrong, value);
  assert.match(checked.disqualified ?? '', '$.a[2]: expected 3, got 4');
  const thrower: Row = { name: 'thrower', role: 'peer', encode: () => { throw new Error('boom'); }, decode: () => value };
  assert.match(checkRow(thrower, value).disqualified ?? '', 'boom');
  const consuming: Row = { name: 'consuming', role: 'peer', encode: () => new Uint8Array([1, 2]), decode: (b) => { b[0] = 0; return value; } };
  assert.is(checkRow(consuming, value).disqualified, 'decode modified its input bytes');
});

test('the deep compare is strict where it must be', () => {
  assert.is(firstDifference(new Uint32Array([1, 2]), new Uint32Array([1, 2])), undefined);
  assert.ok(firstDifference(new Uint8Array([1, 2]), new Uint32Array([1, 2])), 'typed array class');
  assert.ok(firstDifference([1, 2], new Uint32Array([1, 2])), 'array vs typed array');
  assert.ok(firstDifference({ x: 1, extra: 2 }, { x: 1 }), 'extra own field');
  assert.ok(firstDifference({ x: '1' }, { x: 1 }), 'string vs number');
  assert.ok(firstDifference({ x: [1, 2] }, { x: [1, 2, 3] }), 'length');
  const proto = Object.create({ alive: false }) as { id: number };
  proto.id = 1;
  assert.is(firstDifference(proto, { id: 1, alive: false }), undefined, 'prototype-held default');
});

test('the timing path runs (one tiny pass, no timing assertions)', async () => {
  const w = WORKLOADS.find((x) => x.id === 'w4')!;
  const data = w.make(true);
  const checked = collectRows(adapters, data).slice(0, 2).map((c) => checkRow(c.row, data.value));
  const res = await timeRows(checked, { time: 1, iterations: 2, warmupIterations: 1, warmupTime: 1, batch: 3, minSampleMs: 0.1 }, 'smoke', false);
  assert.is(res.length, 2);
  for (const r of res) {
    assert.not.ok(r.disqualified, r.disqualified);
    assert.ok(r.encode && r.encode.hz > 0 && r.decode && r.decode.hz > 0);
  }
});

test.run();
