// Release 1 of the machine's saved state: one state unit per component. Each saved-state type is
// its own schema (never the runtime class), with a dotted name that is stored and never changes.

import { stateUnit, t, type UnitTree } from '../../src/index.ts';
import type { Cpu, Machine, Timer, Uart } from './machine.ts';

/** The CPU's saved state. */
export const CpuState = t.struct('vm.cpu.CpuState', {
  regs: t.array(t.u32, 8), pc: t.u32, epc: t.u32, inIrq: t.bool, irqEnabled: t.bool, halted: t.bool, cycles: t.u64,
});
/** The CPU unit. */
export const CpuUnit = stateUnit('vm.cpu.Cpu', CpuState, {
  save: (c: Cpu) => ({ regs: [...c.regs], pc: c.pc, epc: c.epc, inIrq: c.inIrq, irqEnabled: c.irqEnabled, halted: c.halted, cycles: c.cycles }),
  restore: (c, s) => {
    c.regs.set(s.regs);
    Object.assign(c, { pc: s.pc, epc: s.epc, inIrq: s.inIrq, irqEnabled: s.irqEnabled, halted: s.halted, cycles: s.cycles });
  },
});

/** RAM: the bytes, one bulk copy. */
export const RamUnit = stateUnit('vm.mem.Ram', t.struct('vm.mem.RamState', { bytes: t.typed('u8') }), {
  save: (ram: { bytes: Uint8Array }) => ({ bytes: ram.bytes }),
  restore: (ram, s) => {
    if (s.bytes.length !== ram.bytes.length) throw new Error(`RAM is ${ram.bytes.length} bytes, the snapshot's ${s.bytes.length}`);
    ram.bytes.set(s.bytes);
  },
});

/** The UART's saved state, release 1: the FIFO (capacity fixed at 16), the drain countdown, the line control register. */
export const UartStateV0 = t.struct('vm.devices.UartState', { fifo: t.vec(t.u8), countdown: t.u8, lcr: t.u8 });
/** The UART unit, release 1. */
export const UartUnitV0 = stateUnit('vm.devices.Uart', UartStateV0, {
  save: (u: Uart) => ({ fifo: [...u.fifo], countdown: u.countdown, lcr: u.lcr }),
  restore: (u, s) => { u.fifo = [...s.fifo]; u.countdown = s.countdown; u.lcr = s.lcr; },
});

/** The timer's saved state. */
export const TimerState = t.struct('vm.devices.TimerState', { counter: t.u32, reload: t.u32, pending: t.bool });
/** The timer unit (async hooks, as a device that must quiesce first would have). */
export const TimerUnit = stateUnit('vm.devices.Timer', TimerState, {
  save: async (tm: Timer) => ({ counter: tm.counter, reload: tm.reload, pending: tm.pending }),
  restore: async (tm, s) => { tm.counter = s.counter; tm.reload = s.reload; tm.pending = s.pending; },
});

/** The tree of units of machine `m` in release 1. */
export function units(m: Machine): UnitTree {
  return {
    cpu: [CpuUnit, m.cpu],
    ram: [RamUnit, m.ram],
    devices: { uart: [UartUnitV0, m.uart], timer: [TimerUnit, m.timer], power: [t.unit, m.power] },
  };
}
