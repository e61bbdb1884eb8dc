// State units (API.md 11): snapshot/restore of a tree of units, the unit's versions, t.unit,
// notSupported, failing restores, damaged bytes, missing and extra units, all through the public API.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, notSupported, restore, SavepackError, snapshot, stateUnit, t } from '../src/index.ts';
import { devices, indexOf, Rtc, RtcDev, SnapshotFile, Uart, UartDev, UartState } from './helpers/units.ts';

/** The SavepackError a promise rejects with, checked for `code` (and `path` when given). */
async function rejects(p: Promise<unknown>, code?: string, path?: string): Promise<SavepackError> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, SavepackError, String(e));
    const err = e as SavepackError;
    if (code !== undefined) assert.is(err.code, code, err.message);
    if (path !== undefined) assert.is(err.path, path, err.message);
    return err;
  }
  assert.unreachable(`expected a rejection with ${code ?? 'a SavepackError'}`);
  throw new Error('unreachable');
}

test('a nested tree round-trips through one savepack file (sync and async hooks)', async () => {
  const { uart, rtc } = devices();
  const bytes = await snapshot({ uart: [Uart, uart], board: { rtc: [Rtc, rtc], vga: [t.unit, {}] } });
  assert.equal([...bytes.subarray(0, 8)], [...new TextEncoder().encode('savepack')]);
  const u2 = new UartDev(), r2 = new RtcDev();
  const result = await restore(bytes, { uart: [Uart, u2], board: { rtc: [Rtc, r2], vga: [t.unit, {}] } });
  assert.equal(result, { restored: ['uart', 'board.rtc', 'board.vga'], missing: [], extra: [] });
  assert.equal([u2.fifo, u2.lcr, u2.enabled, u2.restores], [[0x41, 0x42, 0x43], 3, true, 1]);
  assert.equal([r2.seconds, r2.alarm, r2.restores], [1_700_000_000n, 60, 1]);
  // restore accepts an ArrayBuffer too, and a deflated snapshot
  const deflated = await snapshot({ uart: [Uart, uart] }, { compress: 'deflate' });
  const u3 = new UartDev();
  await restore(deflated.slice().buffer, { uart: [Uart, u3] });
  assert.equal(u3.fifo, [0x41, 0x42, 0x43]);
});

test('the file lists units by path with type name, data version, schema section and payload (FORMAT.md)', async () => {
  const { uart, rtc } = devices();
  const file = SnapshotFile.decode(await snapshot({ uart: [Uart, uart], board: { rtc: [Rtc, rtc], vga: [t.unit, {}] } }));
  assert.equal(file.units.map((u) => [u.path, u.state.type, u.state.version]), [
    ['uart', 'test.devices.Uart', 0], ['board.rtc', 'test.devices.Rtc', 0], ['board.vga', '', 0],
  ]);
  // the payload alone (frame 'none') of the state at its version, and the schema section at that version
  assert.equal([...file.units[0]!.state.data], [3, 0x41, 0x42, 0x43, 3, 1]);
  assert.equal(codec(UartState, { version: 0, frame: 'none' }).decode(file.units[0]!.state.data), { fifo: [0x41, 0x42, 0x43], lcr: 3, enabled: true });
  assert.ok(file.units[0]!.state.schema.length > 0);
  // t.unit: no saved state, 0 bytes
  const vga = file.units[2]!.state;
  assert.equal([vga.schema.length, vga.data.length], [0, 0]);
});

test('a unit writes its data version; a newer release reads it with the field it gained', async () => {
  const { uart } = devices();
  const old = await snapshot({ uart: [Uart, uart] });
  const UartV1 = stateUnit('test.devices.Uart', t.struct('test.devices.UartState', {
    fifo: t.vec(t.u8), lcr: t.u8, enabled: t.bool, baud: t.field(t.u32, { since: 1, default: 115200 }),
  }), { save: (d: { baud: number }) => ({ fifo: [], lcr: 0, enabled: false, baud: d.baud }), restore: (d, s) => { d.baud = s.baud; } });
  assert.is(UartV1.version, 1, 'the version defaults to the newest one the schema names');
  assert.is(Uart.version, 0);
  const dev = { baud: 0 };
  await restore(old, { uart: [UartV1, dev] });
  assert.is(dev.baud, 115200);
  // the old release refuses the newer state, naming the unit
  const newer = await snapshot({ uart: [UartV1, { baud: 9600 }] });
  const e = await rejects(restore(newer, { uart: [Uart, new UartDev()] }), 'NEWER_VERSION', 'uart');
  assert.match(e.message, /version 1/);
});

test('an explicit version is checked against the schema', () => {
  const S = t.struct('test.V', { a: t.u8, b: t.field(t.u8, { since: 2 }) });
  assert.is(stateUnit('test.V', S, { version: 5, save: () => ({ a: 1, b: 2 }), restore: () => {} }).version, 5);
  assert.throws(() => stateUnit('test.V', S, { version: 1, save: () => ({ a: 1, b: 2 }), restore: () => {} }), (e: unknown) => e instanceof SavepackError && e.code === 'INVALID_SCHEMA');
  assert.throws(() => stateUnit('not a name', S, { save: () => ({ a: 1, b: 2 }), restore: () => {} }), (e: unknown) => e instanceof SavepackError && e.code === 'INVALID_SCHEMA');
  assert.throws(() => stateUnit('test.V', S, {} as never), (e: unknown) => e instanceof SavepackError && e.code === 'INVALID_SCHEMA');
});

test('another schema at the same version (a forgotten version bump) is SCHEMA_MISMATCH with the differences', async () => {
  const { uart } = devices();
  const bytes = await snapshot({ uart: [Uart, uart] });
  const Changed = stateUnit('test.devices.Uart', t.struct('test.devices.UartState', { fifo: t.vec(t.u8), lcr: t.u16, enabled: t.bool }), { save: () => ({ fifo: [], lcr: 0, enabled: false }), restore: () => {} });
  const e = await rejects(restore(bytes, { uart: [Changed, {}] }), 'SCHEMA_MISMATCH', 'uart');
  assert.match(e.message, /lcr/);
});

test('a unit of another type at a path is SCHEMA_MISMATCH naming both types; t.unit too', async () => {
  const { uart, rtc } = devices();
  const bytes = await snapshot({ a: [Uart, uart], b: [Rtc, rtc], c: [t.unit, {}] });
  const e = await rejects(restore(bytes, { a: [Rtc, new RtcDev()], b: [Rtc, new RtcDev()], c: [t.unit, {}] }), 'SCHEMA_MISMATCH', 'a');
  assert.match(e.message, /test\.devices\.Uart/);
  assert.match(e.message, /test\.devices\.Rtc/);
  await rejects(restore(bytes, { a: [t.unit, {}], b: [Rtc, new RtcDev()], c: [t.unit, {}] }), 'SCHEMA_MISMATCH', 'a');
  await rejects(restore(bytes, { a: [Uart, new UartDev()], b: [Rtc, new RtcDev()], c: [Uart, new UartDev()] }), 'SCHEMA_MISMATCH', 'c');
});

test('notSupported in save is NOT_SUPPORTED naming the unit path; other save errors keep their code with the path', async () => {
  const Gpu = stateUnit('test.devices.Gpu', t.u32, { save: () => { throw notSupported('a mapped framebuffer cannot be saved'); }, restore: () => {} });
  const e = await rejects(snapshot({ uart: [Uart, devices().uart], board: { gpu: [Gpu, {}] } }), 'NOT_SUPPORTED', 'board.gpu');
  assert.match(e.message, /test\.devices\.Gpu/);
  assert.match(e.message, /mapped framebuffer/);
  const AsyncGpu = stateUnit('test.devices.Gpu', t.u32, { save: async () => { throw notSupported('busy'); }, restore: () => {} });
  await rejects(snapshot({ gpu: [AsyncGpu, {}] }), 'NOT_SUPPORTED', 'gpu');
  // a state that does not fit its schema: INVALID_VALUE at unit/path-in-state
  const Liar = stateUnit('test.devices.Liar', UartState, { save: () => ({ fifo: [300], lcr: 0, enabled: false }), restore: () => {} });
  const v = await rejects(snapshot({ x: { liar: [Liar, {}] } }), 'INVALID_VALUE');
  assert.ok(v.path.startsWith('x.liar/'), v.path);
  // an error of the application's own passes through unchanged
  const boom = new Error('device on fire');
  const Broken = stateUnit('test.devices.Broken', t.u8, { save: () => { throw boom; }, restore: () => {} });
  try { await snapshot({ b: [Broken, {}] }); assert.unreachable(); } catch (err) { assert.is(err, boom); }
});

test('a restore that throws is MIGRATION_FAILED naming the unit path; units before it are restored', async () => {
  const { uart, rtc } = devices();
  const bytes = await snapshot({ uart: [Uart, uart], rtc: [Rtc, rtc] });
  const cause = new Error('clock hardware missing');
  const FailingRtc = stateUnit('test.devices.Rtc', t.struct('test.devices.RtcState', { seconds: t.u64, alarm: t.option(t.u32) }), {
    save: () => ({ seconds: 0n, alarm: undefined }), restore: async () => { throw cause; },
  });
  const u2 = new UartDev();
  const e = await rejects(restore(bytes, { uart: [Uart, u2], rtc: [FailingRtc, {}] }), 'MIGRATION_FAILED', 'rtc');
  assert.is(e.cause, cause);
  assert.match(e.message, /clock hardware missing/);
  assert.match(e.message, /"uart"/);
  assert.is(u2.restores, 1);
});

test('bad bytes of one unit are found before any restore runs (INVALID_DATA with the unit path)', async () => {
  const { uart, rtc } = devices();
  const good = SnapshotFile.decode(await snapshot({ uart: [Uart, uart], rtc: [Rtc, rtc] }));
  const bad = structuredClone(good);
  bad.units[0]!.state.data[bad.units[0]!.state.data.length - 1] = 7; // the 'enabled' bool: 7
  const u2 = new UartDev(), r2 = new RtcDev();
  const e = await rejects(restore(SnapshotFile.encode(bad), { rtc: [Rtc, r2], uart: [Uart, u2] }), 'INVALID_DATA');
  assert.ok(e.path.startsWith('uart/'), e.path);
  assert.equal([u2.restores, r2.restores], [0, 0], 'nothing restored');
  // cut short: TRUNCATED (or INVALID_DATA) with the unit path, still nothing restored
  const cut = structuredClone(good);
  cut.units[1]!.state.data = cut.units[1]!.state.data.subarray(0, 3);
  const c = await rejects(restore(SnapshotFile.encode(cut), { uart: [Uart, u2], rtc: [Rtc, r2] }));
  assert.ok(['TRUNCATED', 'INVALID_DATA'].includes(c.code) && c.path.startsWith('rtc'), String(c));
  assert.equal([u2.restores, r2.restores], [0, 0]);
  // trailing bytes after a unit's state
  const long = structuredClone(good);
  long.units[0]!.state.data = new Uint8Array([...long.units[0]!.state.data, 0]);
  const l = await rejects(restore(SnapshotFile.encode(long), { uart: [Uart, u2], rtc: [Rtc, r2] }), 'INVALID_DATA');
  assert.ok(l.path.startsWith('uart'), l.path);
  // a damaged schema section of one unit
  const schema = structuredClone(good);
  schema.units[1]!.state.schema[3] ^= 0xff;
  await rejects(restore(SnapshotFile.encode(schema), { uart: [Uart, u2], rtc: [Rtc, r2] }), 'SCHEMA_MISMATCH', 'rtc');
  // a path twice
  const twice = structuredClone(good);
  twice.units.push(twice.units[0]!);
  await rejects(restore(SnapshotFile.encode(twice), { uart: [Uart, u2], rtc: [Rtc, r2] }), 'INVALID_DATA');
  assert.equal([u2.restores, r2.restores], [0, 0]);
});

test('a damaged snapshot file is CHECKSUM and nothing is restored', async () => {
  const { uart, rtc } = devices();
  const bytes = await snapshot({ uart: [Uart, uart], rtc: [Rtc, rtc] });
  const at = indexOf(bytes, [3, 0x41, 0x42, 0x43]);
  assert.ok(at > 0);
  const damaged = bytes.slice();
  damaged[at + 2] ^= 1;
  const u2 = new UartDev(), r2 = new RtcDev();
  await rejects(restore(damaged, { uart: [Uart, u2], rtc: [Rtc, r2] }), 'CHECKSUM');
  await rejects(restore(bytes.subarray(0, bytes.length - 1), { uart: [Uart, u2], rtc: [Rtc, r2] }));
  await rejects(restore(new Uint8Array([1, 2, 3]), { uart: [Uart, u2] }));
  assert.equal([u2.restores, r2.restores], [0, 0]);
});

test('missing and extra units are SCHEMA_MISMATCH listing them, unless allowed', async () => {
  const { uart, rtc } = devices();
  const bytes = await snapshot({ uart: [Uart, uart], board: { rtc: [Rtc, rtc] } });
  const e1 = await rejects(restore(bytes, { uart: [Uart, new UartDev()] }), 'SCHEMA_MISMATCH');
  assert.match(e1.message, /"board\.rtc"/);
  assert.match(e1.message, /allowExtra/);
  const e2 = await rejects(restore(bytes, { uart: [Uart, new UartDev()], board: { rtc: [Rtc, new RtcDev()], clock2: [Rtc, new RtcDev()] }, com2: [Uart, new UartDev()] }), 'SCHEMA_MISMATCH');
  assert.match(e2.message, /"board\.clock2", "com2"/);
  assert.match(e2.message, /allowMissing/);
  const e3 = await rejects(restore(bytes, { com2: [Uart, new UartDev()] }), 'SCHEMA_MISMATCH');
  assert.match(e3.message, /"com2"/);
  assert.match(e3.message, /"uart", "board\.rtc"/);

  const u2 = new UartDev();
  assert.equal(await restore(bytes, { uart: [Uart, u2] }, { allowExtra: true }), { restored: ['uart'], missing: [], extra: ['board.rtc'] });
  assert.is(u2.restores, 1);
  const c2 = new UartDev();
  assert.equal(await restore(bytes, { uart: [Uart, new UartDev()], board: { rtc: [Rtc, new RtcDev()] }, com2: [Uart, c2] }, { allowMissing: true }),
    { restored: ['uart', 'board.rtc'], missing: ['com2'], extra: [] });
  assert.is(c2.restores, 0, 'a missing unit is left as it is');
});

test('a malformed tree of units is INVALID_VALUE with the path', async () => {
  const { uart } = devices();
  await rejects(snapshot({ 'a.b': [Uart, uart] }), 'INVALID_VALUE');
  await rejects(snapshot({ x: { y: [UartState as never, uart] } }), 'INVALID_VALUE', 'x.y');
  await rejects(snapshot({ x: [Uart] as never }), 'INVALID_VALUE', 'x');
  await rejects(snapshot({ x: 3 as never }), 'INVALID_VALUE', 'x');
  const loop: Record<string, unknown> = {};
  loop.self = loop;
  await rejects(snapshot(loop as never), 'INVALID_VALUE');
  await rejects(restore(await snapshot({ u: [Uart, uart] }), { u: [{} as never, uart] }), 'INVALID_VALUE', 'u');
});

test('an empty tree is a valid snapshot', async () => {
  assert.equal(await restore(await snapshot({}), {}), { restored: [], missing: [], extra: [] });
});

test('hostile unit states (random type, version, schema, data) give only SavepackErrors, and restore nothing', async () => {
  const { uart, rtc } = devices();
  const good = SnapshotFile.decode(await snapshot({ uart: [Uart, uart], rtc: [Rtc, rtc] }));
  let seed = 0x2545f491;
  const rnd = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
  const u2 = new UartDev(), r2 = new RtcDev();
  let refused = 0;
  for (let i = 0; i < 300; i++) {
    const f = structuredClone(good);
    const st = f.units[rnd(2)]!.state;
    const what = rnd(4);
    if (what === 0) st.version = rnd(3) === 0 ? 2 ** 53 - 1 : rnd(3);
    else if (what === 1) st.type = ['', 'test.devices.Uart', 'test.devices.Rtc', '\u0000\n'][rnd(4)]!;
    else {
      const b = what === 2 ? st.schema : st.data;
      const copy = Uint8Array.from({ length: rnd(b.length + 4) }, (_, j) => (rnd(4) === 0 ? rnd(256) : b[j] ?? rnd(256)));
      if (what === 2) st.schema = copy; else st.data = copy;
    }
    u2.restores = r2.restores = 0;
    try {
      await restore(SnapshotFile.encode(f), { uart: [Uart, u2], rtc: [Rtc, r2] });
      refused--; // a change that still decodes (another valid byte) restores
    } catch (e) {
      assert.instance(e, SavepackError, String(e));
      assert.equal([u2.restores, r2.restores], [0, 0], `nothing restored after ${String(e)}`);
    }
    refused++;
  }
  assert.ok(refused > 200, `most damaged states are refused (${refused} of 300)`);
});

test.run();
