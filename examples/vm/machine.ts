// A tiny machine for the state-units demo: a CPU with 8 registers, RAM (a few MB), a UART whose
// transmit FIFO drains one byte every few cycles into the console, and a timer that interrupts the
// CPU. Everything is deterministic: the same program gives the same console output, cycle for cycle.

/** Instruction opcodes (4 bytes each: op, a, b, c; `imm16` is bytes 2..3 little-endian). */
export const Op = {
  LI: 1, ADD: 2, SUB: 3, MUL: 4, MOD: 5, DIV: 6, SLT: 7, ADDI: 8, JZ: 9, JNZ: 10, JMP: 11,
  LDB: 12, STB: 13, OUT: 14, OUTI: 15, CALL: 16, JR: 17, IRET: 18, HALT: 19, EI: 20,
} as const;

/** Where the timer interrupt jumps. */
export const VECTOR = 0x100;

/** The CPU: registers, program counter, interrupt state, cycle count. */
export class Cpu {
  regs = new Uint32Array(8);
  pc = 0;
  epc = 0;
  inIrq = false;
  irqEnabled = false;
  halted = false;
  cycles = 0n;
}

/** The serial port: a transmit FIFO drained one byte every `DRAIN` cycles. */
export class Uart {
  static readonly DRAIN = 40;
  fifo: number[] = [];
  /** How many bytes the FIFO holds (release 1: always 16; release 2 makes it a setting). */
  capacity = 16;
  countdown = Uart.DRAIN;
  lcr = 0x03;
  /** The console (host side, not device state). */
  console: string[] = [];

  /** Queues a byte; false when the FIFO is full (the CPU retries). */
  write(byte: number): boolean {
    if (this.fifo.length >= this.capacity) return false;
    this.fifo.push(byte & 0xff);
    return true;
  }

  /** One cycle: every DRAIN cycles, one byte leaves the FIFO for the console. */
  tick(): void {
    if (--this.countdown > 0) return;
    this.countdown = Uart.DRAIN;
    const b = this.fifo.shift();
    if (b !== undefined) this.console.push(String.fromCharCode(b));
  }
}

/** A down-counting timer that raises an interrupt when it reaches zero, then reloads. */
export class Timer {
  reload = 7919;
  counter = 7919;
  pending = false;

  /** One cycle. */
  tick(): void {
    if (--this.counter === 0) { this.counter = this.reload; this.pending = true; }
  }
}

/** The whole machine. */
export class Machine {
  readonly cpu = new Cpu();
  readonly ram: { bytes: Uint8Array };
  readonly uart = new Uart();
  readonly timer = new Timer();
  /** A device without saved state (its snapshot entry is t.unit). */
  readonly power = { on: true };

  constructor(ramBytes = 4 << 20) {
    this.ram = { bytes: new Uint8Array(ramBytes) };
  }

  /** Copies a program into RAM at 0. */
  load(program: Uint8Array): this {
    this.ram.bytes.set(program, 0);
    return this;
  }

  /** Runs until halted and the FIFO drained, or `maxCycles` more cycles passed. */
  run(maxCycles = Infinity): void {
    for (let n = 0; n < maxCycles && !(this.cpu.halted && this.uart.fifo.length === 0); n++) this.step();
  }

  /** The console output so far. */
  output(): string {
    return this.uart.console.join('');
  }

  /** One cycle: devices tick, a pending interrupt is taken, one instruction runs. */
  step(): void {
    const c = this.cpu, r = c.regs, m = this.ram.bytes;
    c.cycles++;
    this.uart.tick();
    this.timer.tick();
    if (c.halted) return;
    if (this.timer.pending && c.irqEnabled && !c.inIrq) {
      this.timer.pending = false;
      c.inIrq = true;
      c.epc = c.pc;
      c.pc = VECTOR;
    }
    const pc = c.pc, op = m[pc]!, a = m[pc + 1]!, b = m[pc + 2]!, k = m[pc + 3]!;
    const imm = b | (k << 8);
    let next = pc + 4;
    switch (op) {
      case Op.LI: r[a] = imm; break;
      case Op.ADD: r[a] = r[b]! + r[k]!; break;
      case Op.SUB: r[a] = r[b]! - r[k]!; break;
      case Op.MUL: r[a] = Math.imul(r[b]!, r[k]!); break;
      case Op.MOD: r[a] = r[b]! % r[k]!; break;
      case Op.DIV: r[a] = Math.floor(r[b]! / r[k]!); break;
      case Op.SLT: r[a] = r[b]! < r[k]! ? 1 : 0; break;
      case Op.ADDI: r[a] = r[b]! + (k << 24 >> 24); break;
      case Op.JZ: if (r[a] === 0) next = imm; break;
      case Op.JNZ: if (r[a] !== 0) next = imm; break;
      case Op.JMP: next = imm; break;
      case Op.LDB: r[a] = m[r[b]!]!; break;
      case Op.STB: m[r[b]!] = r[a]!; break;
      case Op.OUT: if (!this.uart.write(r[a]!)) next = pc; break;
      case Op.OUTI: if (!this.uart.write(a)) next = pc; break;
      case Op.CALL: r[7] = next; next = imm; break;
      case Op.JR: next = r[a]!; break;
      case Op.IRET: next = c.epc; c.inIrq = false; break;
      case Op.EI: c.irqEnabled = true; break;
      case Op.HALT: c.halted = true; next = pc; break;
      default: throw new Error(`bad opcode ${op} at ${pc}`);
    }
    c.pc = next;
  }
}
