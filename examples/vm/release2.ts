// Release 2: the UART's FIFO capacity became a setting, so its saved state gained a field
// (since: 1, default 16, the capacity release 1 had). The unit's version follows from the schema
// (1); its name is unchanged. The other units are release 1's.

import { stateUnit, t, type UnitTree } from '../../src/index.ts';
import type { Machine, Uart } from './machine.ts';
import { CpuUnit, RamUnit, TimerUnit } from './release1.ts';

/** The UART's saved state, release 2. */
export const UartStateV1 = t.struct('vm.devices.UartState', {
  fifo: t.vec(t.u8), countdown: t.u8, lcr: t.u8,
  capacity: t.field(t.u8, { since: 1, default: 16 }),
});
/** The UART unit, release 2 (data version 1). */
export const UartUnitV1 = stateUnit('vm.devices.Uart', UartStateV1, {
  save: (u: Uart) => ({ fifo: [...u.fifo], countdown: u.countdown, lcr: u.lcr, capacity: u.capacity }),
  restore: (u, s) => { u.fifo = [...s.fifo]; u.countdown = s.countdown; u.lcr = s.lcr; u.capacity = s.capacity; },
});

/** The tree of units of machine `m` in release 2. */
export function units(m: Machine): UnitTree {
  return {
    cpu: [CpuUnit, m.cpu],
    ram: [RamUnit, m.ram],
    devices: { uart: [UartUnitV1, m.uart], timer: [TimerUnit, m.timer], power: [t.unit, m.power] },
  };
}
