// Shared pieces of the state-unit tests: small devices with their units, and the snapshot file's
// root schema written out by hand from FORMAT.md ("Snapshots of state units"), to read and craft
// snapshot files the way another implementation would.

import { codec, stateUnit, t } from '../../src/index.ts';

/** The stored blob struct, as FORMAT.md gives it. */
export const BlobStruct = t.struct('savepack.Blob', { type: t.string, version: t.uvarint, schema: t.bytes, data: t.bytes });
type Stored = { type: string; version: number; schema: Uint8Array; data: Uint8Array };

/** The snapshot file's codec, written from FORMAT.md alone. */
export const SnapshotFile = codec(t.struct('savepack.Snapshot', {
  units: t.vec(t.struct('savepack.SnapshotUnit', {
    path: t.string,
    state: t.custom(BlobStruct, { name: 'savepack.Blob', encode: (x: Stored) => x, decode: (x: Stored) => x }),
  })),
}), { version: 0 });

/** A serial port: a FIFO, a line control register, an enable bit. */
export class UartDev { fifo: number[] = []; lcr = 0; enabled = false; restores = 0 }
/** UART state, release 0. */
export const UartState = t.struct('test.devices.UartState', { fifo: t.vec(t.u8), lcr: t.u8, enabled: t.bool });
/** The UART unit, release 0 (sync hooks). */
export const Uart = stateUnit('test.devices.Uart', UartState, {
  save: (d: UartDev) => ({ fifo: [...d.fifo], lcr: d.lcr, enabled: d.enabled }),
  restore: (d, s) => { d.fifo = [...s.fifo]; d.lcr = s.lcr; d.enabled = s.enabled; d.restores++; },
});

/** A real-time clock. */
export class RtcDev { seconds = 0n; alarm: number | undefined = undefined; restores = 0 }
/** RTC state. */
export const RtcState = t.struct('test.devices.RtcState', { seconds: t.u64, alarm: t.option(t.u32) });
/** The RTC unit (async hooks). */
export const Rtc = stateUnit('test.devices.Rtc', RtcState, {
  save: async (d: RtcDev) => { await Promise.resolve(); return { seconds: d.seconds, alarm: d.alarm }; },
  restore: async (d, s) => { await new Promise((r) => setTimeout(r, 1)); d.seconds = s.seconds; d.alarm = s.alarm; d.restores++; },
});

/** A loaded UART, a set RTC. */
export function devices(): { uart: UartDev; rtc: RtcDev } {
  const uart = new UartDev();
  uart.fifo = [0x41, 0x42, 0x43];
  uart.lcr = 3;
  uart.enabled = true;
  const rtc = new RtcDev();
  rtc.seconds = 1_700_000_000n;
  rtc.alarm = 60;
  return { uart, rtc };
}

/** Index of `needle` in `hay` (-1 when absent). */
export function indexOf(hay: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
