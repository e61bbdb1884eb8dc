// Smoke test of the benchmark suite: every benchmark case (workload × codec row) round-trips once
// at a small size, through the same check the benchmark runs before timing. No timing assertions.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRow, collectRows, timeRows } from '../bench/harness.ts';
import { firstDifference } from '../bench/compare.ts';
import { TARGETS, evaluate, geomean } from '../bench/targets.ts';
import { W5_MESSAGES, type Row, type RowResult, type WorkloadId, type WorkloadResult } from '../bench/types.ts';
import { WORKLOADS } from '../bench/workloads/index.ts';
import { messageData } from '../bench/workloads/messages.ts';
import { savepackMessageRows } from '../bench/codecs/savepack-small.ts';
import * as real from '../src/index.ts';
import { adapters, sp, TINY, timeEveryRow } from './helpers/bench-smoke.ts';

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
    const ws = WORKLOADS.filter((x) => x.id === t.workload || x.group === t.workload);
    assert.ok(ws.length, t.workload);
    for (const w of ws) {
      const names = collectRows(adapters, w.make(true)).map((c) => c.row.name);
      assert.ok(names.includes(t.row), `${t.label}: ${w.id} has no row ${t.row}`);
      if (t.against !== 'peer') assert.ok(names.includes(t.against), `${t.label}: ${w.id} has no row ${t.against}`);
    }
  }
});

test('W5 has every message of issue 13 with the four peers and savepack', () => {
  const w5 = WORKLOADS.filter((w) => w.group === 'w5').map((w) => w.id);
  for (const m of ['int', 'double', 'string', 'enum', 'union', 'blob', 'record', 'ints']) assert.ok(w5.includes(`w5-${m}` as WorkloadId), m);
  for (const id of [...w5, 'w6']) {
    const names = collectRows(adapters, WORKLOADS.find((w) => w.id === id)!.make(true)).map((c) => c.row.name);
    for (const n of ['savepack', 'avsc', 'protobufjs', 'msgpackr', 'cbor-x']) assert.ok(names.includes(n), `${id}: ${n}`);
    for (const n of ['JSON', 'v8.serialize', '@msgpack/msgpack']) assert.not.ok(names.includes(n), `${id}: ${n} sits W5/W6 out`);
  }
});

test('a group target is the geometric mean over its messages, and needs every one', () => {
  const stat = (hz: number) => ({ hz, ms: 1000 / hz, medianHz: hz, rme: 0, samples: 1, calls: 1 });
  const rows = (sp: number, peers: number[], size: number): RowResult[] => [
    { name: 'savepack', role: 'savepack', size, encode: stat(sp), decode: stat(sp) },
    ...peers.map((hz, i): RowResult => ({ name: i === 0 ? 'avsc' : `peer${i}`, role: 'peer', size: 10, encode: stat(hz), decode: stat(hz) })),
  ];
  const w = (id: WorkloadId, r: RowResult[]): WorkloadResult => ({ id, title: id, describe: '', rows: r, seconds: 0, repeat: 1, group: 'w5' });
  const results = new Map<WorkloadId, WorkloadResult>([
    ['w5-int', w('w5-int', rows(200, [100, 50], 5))],
    ['w5-double', w('w5-double', rows(100, [10, 200], 20))],
  ]);
  const enc = TARGETS.find((t) => t.workload === 'w5' && t.op === 'encode')!;
  const size = TARGETS.find((t) => t.workload === 'w5' && t.op === 'size')!;
  assert.ok(Math.abs(evaluate(enc, results).ratio! - geomean([2, 0.5])) < 1e-12);
  assert.ok(Math.abs(evaluate(size, results).ratio! - geomean([0.5, 2])) < 1e-12);
  results.get('w5-double')!.rows[0]!.disqualified = 'wrong';
  assert.is(evaluate(enc, results).ratio, undefined);
  assert.match(evaluate(enc, results).why ?? '', 'w5-double');
  assert.ok(TARGETS.filter((t) => t.issue === 13).every((t) => t.label.endsWith('(issue 13)')));
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

test('W5 savepack rows use frame none and the varint kinds when src/ has them, else the fallback', () => {
  // A stand-in savepack whose `t` has varint kinds (copies of f64, which holds any safe integer,
  // with their own identity) and whose codec records its options: checks the adapter's choice of
  // schema and frame, and that every message's rows round-trip with those schemas.
  const varint = { ...real.t.f64 };
  const uvarint = { ...real.t.f64 };
  const seen: { schema: unknown; opts: Record<string, unknown> }[] = [];
  const codec = ((schema: real.Schema, opts: real.CodecOptions & { frame?: string }) => {
    seen.push({ schema, opts: opts as unknown as Record<string, unknown> });
    const { frame, ...rest } = opts;
    return real.codec(schema, frame ? { ...rest, schemaHeader: false, checksum: false } : rest);
  }) as typeof real.codec;
  const fake = { ...real, codec, t: { ...real.t, varint, uvarint, varint64: real.t.i64, uvarint64: real.t.u64, fixed: () => real.t.bytes } } as unknown as typeof real;
  const rows = savepackMessageRows(fake, { varints: true, frameNone: true, encodeInto: true }, messageData('int', true));
  assert.equal(rows.map((r) => r.name), ['savepack', 'savepack encodeInto']);
  assert.is(seen[0]!.schema, varint);
  assert.is(seen[0]!.opts.frame, 'none');
  assert.is(seen[0]!.opts.schemaHeader, undefined);
  seen.length = 0;
  const fallback = savepackMessageRows(fake, { varints: false, frameNone: false, encodeInto: false }, messageData('int', true));
  assert.equal(fallback.map((r) => r.name), ['savepack']);
  assert.is(seen[0]!.schema, real.t.i32);
  assert.equal([seen[0]!.opts.frame, seen[0]!.opts.schemaHeader, seen[0]!.opts.checksum], [undefined, false, false]);
  for (const m of W5_MESSAGES) {
    const data = messageData(m, true);
    for (const row of savepackMessageRows(fake, { varints: true, frameNone: true, encodeInto: true }, data)) {
      assert.not.ok(checkRow(row, data.value).disqualified, `${m} ${row.name}`);
    }
  }
});

test('the timing path runs (one tiny pass, no timing assertions)', async () => {
  const w = WORKLOADS.find((x) => x.id === 'w4')!;
  const data = w.make(true);
  const checked = collectRows(adapters, data).slice(0, 2).map((c) => checkRow(c.row, data.value));
  const res = await timeRows(checked, TINY, 'smoke', false);
  assert.is(res.length, 2);
  for (const r of res) {
    assert.not.ok(r.disqualified, r.disqualified);
    assert.ok(r.encode && r.encode.hz > 0 && r.decode && r.decode.hz > 0);
  }
});

// Every W5 message and W6: test/heavy-bench-smoke.test.ts (a full GC before each of ~100 tasks).
test('W5 int times every row (one tiny pass, encodeInto timed through encodeTimed)', async () => {
  for (const w of WORKLOADS.filter((x) => x.id === 'w5-int')) {
    const res = await timeEveryRow(w);
    assert.ok(res.some((r) => r.name === 'savepack encodeInto'), `${w.id}: no encodeInto row timed`);
  }
});

test.run();
