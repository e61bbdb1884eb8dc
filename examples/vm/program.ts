// The demo's program, assembled for the tiny machine (machine.ts): a sieve of Eratosthenes over
// 50,000 bytes of RAM that prints every prime below 3,000 in decimal through the UART. The timer
// interrupt prints '|' every 7,919 cycles, wherever the program is.

import { Op, VECTOR } from './machine.ts';

/** A little assembler: 4-byte instructions, labels resolved at the end. */
class Asm {
  readonly bytes: number[] = [];
  readonly labels = new Map<string, number>();
  readonly fixups: Array<[number, string]> = [];

  /** Emits one instruction. */
  op(op: number, a = 0, b = 0, c = 0): this {
    this.bytes.push(op, a, b & 0xff, c & 0xff);
    return this;
  }
  /** Emits an instruction whose 16-bit immediate is a label's address. */
  to(op: number, a: number, label: string): this {
    this.fixups.push([this.bytes.length + 2, label]);
    return this.op(op, a);
  }
  /** An instruction with a 16-bit immediate. */
  imm(op: number, a: number, value: number): this {
    return this.op(op, a, value & 0xff, value >> 8);
  }
  /** Defines a label here. */
  label(name: string): this {
    this.labels.set(name, this.bytes.length);
    return this;
  }
  /** Pads with zeros up to `addr`. */
  at(addr: number): this {
    while (this.bytes.length < addr) this.bytes.push(0);
    return this;
  }
  /** The program's bytes. */
  build(): Uint8Array {
    for (const [at, name] of this.fixups) {
      const addr = this.labels.get(name);
      if (addr === undefined) throw new Error(`no label ${name}`);
      this.bytes[at] = addr & 0xff;
      this.bytes[at + 1] = addr >> 8;
    }
    return new Uint8Array(this.bytes);
  }
}

const N = 50_000, PRINT_BELOW = 3_000, BUF_END = 0x220;

/** The sieve program. Registers: r0 = 0, r1 = i, r2 = N, r3 = the sieve's base address, r7 = link. */
export function sieveProgram(): Uint8Array {
  const a = new Asm();
  a.op(Op.EI).imm(Op.LI, 1, 2).imm(Op.LI, 2, N)
    .imm(Op.LI, 3, 0x100).imm(Op.LI, 4, 0x100).op(Op.MUL, 3, 3, 4); // base = 0x10000
  a.label('loop').op(Op.SLT, 4, 1, 2).to(Op.JZ, 4, 'done')
    .op(Op.ADD, 5, 3, 1).op(Op.LDB, 4, 5).to(Op.JNZ, 4, 'next')
    .imm(Op.LI, 6, PRINT_BELOW).op(Op.SLT, 4, 1, 6).to(Op.JZ, 4, 'mark').to(Op.CALL, 0, 'print');
  a.label('mark').op(Op.MUL, 4, 1, 1);
  a.label('markloop').op(Op.SLT, 5, 4, 2).to(Op.JZ, 5, 'next')
    .op(Op.ADD, 5, 3, 4).imm(Op.LI, 6, 1).op(Op.STB, 6, 5).op(Op.ADD, 4, 4, 1).to(Op.JMP, 0, 'markloop');
  a.label('next').op(Op.ADDI, 1, 1, 1).to(Op.JMP, 0, 'loop');
  a.label('done').op(Op.OUTI, 10).op(Op.HALT);
  // the timer interrupt
  a.at(VECTOR).op(Op.OUTI, 0x7c).op(Op.IRET);
  // print r1 in decimal and a space (uses r2, r4, r5, r6; restores r2 = N)
  a.label('print').op(Op.ADD, 4, 1, 0).imm(Op.LI, 5, BUF_END).imm(Op.LI, 6, 10);
  a.label('digits').op(Op.MOD, 2, 4, 6).op(Op.ADDI, 2, 2, 48).op(Op.STB, 2, 5).op(Op.ADDI, 5, 5, -1)
    .op(Op.DIV, 4, 4, 6).to(Op.JNZ, 4, 'digits');
  a.label('emit').op(Op.ADDI, 5, 5, 1).op(Op.LDB, 2, 5).op(Op.OUT, 2)
    .imm(Op.LI, 2, BUF_END).op(Op.SLT, 2, 5, 2).to(Op.JNZ, 2, 'emit')
    .op(Op.OUTI, 0x20).imm(Op.LI, 2, N).op(Op.JR, 7);
  return a.build();
}
