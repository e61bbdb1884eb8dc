// Blobs (API.md 11, vmcore SavedStateBlob): t.blob(), blob(), openBlob(); a parent carrying the
// state of a child it does not know, untouched through restore and snapshot.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blob, codec, openBlob, restore, SavepackError, snapshot, stateUnit, t, type StateBlob } from '../src/index.ts';
import { devices, Rtc, RtcDev, Uart, UartDev, UartState } from './helpers/units.ts';

const code = (f: () => unknown): string => {
  try { f(); } catch (e) { assert.instance(e, SavepackError); return (e as SavepackError).code; }
  return 'no error';
};

/** A bus that keeps its child's state as a blob: it saves the child through the child's unit when it has one. */
class Bus { irq = 0; child: UartDev | undefined; kept: StateBlob | undefined }
const BusState = t.struct('test.devices.BusState', { irq: t.u8, child: t.option(t.blob()) });
const BusUnit = stateUnit('test.devices.Bus', BusState, {
  save: (b: Bus) => ({ irq: b.irq, child: b.child ? blob(Uart, Uart.save(b.child) as never) : b.kept }),
  restore: (b, s) => {
    b.irq = s.irq;
    // a child of a type this bus knows is opened; any other is kept untouched
    if (s.child && s.child.type === Uart.name && b.child) Uart.restore(b.child, openBlob(s.child, Uart));
    else b.kept = s.child;
  },
});

test('blob() and openBlob() with a codec and with a unit', () => {
  const c = codec(UartState, { version: 0 });
  const b = blob(c, { fifo: [1, 2], lcr: 9, enabled: false });
  assert.is(b.type, 'test.devices.UartState');
  assert.is(b.version, 0);
  assert.equal(openBlob(b, c), { fifo: [1, 2], lcr: 9, enabled: false });
  const u = blob(Uart, { fifo: [7], lcr: 1, enabled: true });
  assert.is(u.type, 'test.devices.Uart');
  assert.equal(openBlob(u, Uart), { fifo: [7], lcr: 1, enabled: true });
  assert.is(code(() => blob(c, { fifo: [256], lcr: 0, enabled: false })), 'INVALID_VALUE');
  assert.is(code(() => blob(codec(t.u32, { version: 0 }), 5)), 'INVALID_VALUE', 'a blob needs a named type');
  assert.is(code(() => openBlob({} as StateBlob, c)), 'INVALID_VALUE');
});

test('a blob of the wrong type is SCHEMA_MISMATCH naming both types', () => {
  const b = blob(Uart, { fifo: [], lcr: 0, enabled: false });
  try {
    openBlob(b, Rtc);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, SavepackError);
    assert.is((e as SavepackError).code, 'SCHEMA_MISMATCH');
    assert.match((e as Error).message, /test\.devices\.Uart/);
    assert.match((e as Error).message, /test\.devices\.Rtc/);
  }
  // same name, newer version: NEWER_VERSION; damaged bytes: INVALID_DATA
  const V1 = codec(t.struct('test.devices.UartState', { fifo: t.vec(t.u8), lcr: t.u8, enabled: t.bool, x: t.field(t.u8, { since: 1 }) }), { version: 1 });
  assert.is(code(() => openBlob(blob(V1, { fifo: [], lcr: 0, enabled: false, x: 1 }), codec(UartState, { version: 0 }))), 'NEWER_VERSION');
  const bad = { ...b, data: new Uint8Array([0, 0, 9]) };
  assert.is(code(() => openBlob(bad, Uart)), 'INVALID_DATA');
});

test('t.blob() is a schema like any other (encode, decode, inside structs)', () => {
  const c = codec(t.vec(t.blob()), { version: 0 });
  const blobs = [blob(Uart, { fifo: [1], lcr: 2, enabled: true }), blob(Rtc, { seconds: 5n, alarm: undefined })];
  const back = c.decode(c.encode(blobs));
  assert.equal(back.map((b) => b.type), ['test.devices.Uart', 'test.devices.Rtc']);
  assert.equal(openBlob(back[1]!, Rtc), { seconds: 5n, alarm: undefined });
  assert.is(t.blob(), t.blob());
  assert.is(code(() => c.encode([{ type: 'x' } as StateBlob])), 'INVALID_VALUE');
});

test('a parent opens the blob of a child it knows', async () => {
  const bus = new Bus();
  bus.irq = 5;
  bus.child = devices().uart;
  const bytes = await snapshot({ bus: [BusUnit, bus] });
  const bus2 = new Bus();
  bus2.child = new UartDev();
  await restore(bytes, { bus: [BusUnit, bus2] });
  assert.equal([bus2.irq, bus2.child.fifo, bus2.child.lcr], [5, [0x41, 0x42, 0x43], 3]);
});

test('a parent carries the blob of a child it does not know, untouched through restore and snapshot', async () => {
  const rtc = devices().rtc;
  const bus = new Bus();
  bus.irq = 2;
  bus.kept = blob(Rtc, await Rtc.save(rtc)); // a child of a type the bus does not know
  const first = await snapshot({ bus: [BusUnit, bus] });
  const bus2 = new Bus(); // no child device: keeps what it does not know
  await restore(first, { bus: [BusUnit, bus2] });
  assert.is(bus2.kept!.type, 'test.devices.Rtc');
  assert.equal([...bus2.kept!.data], [...bus.kept.data]);
  const second = await snapshot({ bus: [BusUnit, bus2] });
  assert.equal([...second], [...first], 'passed through byte for byte');
  // whoever knows the child's type opens it
  const rtc2 = new RtcDev();
  await Rtc.restore(rtc2, openBlob(bus2.kept!, Rtc));
  assert.equal([rtc2.seconds, rtc2.alarm], [1_700_000_000n, 60]);
});

test.run();
