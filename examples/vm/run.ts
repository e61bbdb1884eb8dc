// The demo's steps, as a function the test calls: an uninterrupted run; a run of release 1
// snapshotted mid-run to a file; a fresh machine of release 2 restored from that file and run on.

import { join } from 'node:path';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { restoreFile, snapshotFile } from '../../src/node.ts';
import { Machine } from './machine.ts';
import { sieveProgram } from './program.ts';
import * as release1 from './release1.ts';
import * as release2 from './release2.ts';

/** Where release 1 is snapshotted: mid-run, inside the timer interrupt, with bytes waiting in the UART FIFO. */
export const SNAPSHOT_AT = 657_278;

/** What the demo saw. */
export interface DemoResult {
  /** The console of a run from start to end. */
  uninterrupted: string;
  /** Release 1's console up to the snapshot. */
  beforeSnapshot: string;
  /** Release 2's console after the restore. */
  afterRestore: string;
  /** Bytes of the snapshot file (deflated). */
  snapshotBytes: number;
  /** What the UART FIFO held at the snapshot. */
  fifoAtSnapshot: number;
  /** Cycles the whole program takes. */
  cycles: bigint;
}

/** Runs the demo in a temporary directory (removed after). */
export async function runDemo(): Promise<DemoResult> {
  const program = sieveProgram();
  const whole = new Machine().load(program);
  whole.run();

  const dir = await mkdtemp(join(tmpdir(), 'savepack-vm-'));
  try {
    const path = join(dir, 'machine.snap');
    const first = new Machine().load(program);
    first.run(SNAPSHOT_AT);
    await snapshotFile(path, release1.units(first), { compress: 'deflate' });

    const second = new Machine(); // fresh: no program loaded, RAM zero; everything comes from the snapshot
    await restoreFile(path, release2.units(second));
    second.run();
    return {
      uninterrupted: whole.output(),
      beforeSnapshot: first.output(),
      afterRestore: second.output(),
      snapshotBytes: (await stat(path)).size,
      fifoAtSnapshot: first.uart.fifo.length,
      cycles: whole.cpu.cycles,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
