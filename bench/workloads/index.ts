// The workloads, in run order. W5's messages are workloads of their own, grouped as `w5`.

import type { Workload, WorkloadId } from '../types.ts';
import { w1 } from './w1.ts';
import { w1p } from './w1p.ts';
import { w3 } from './w3.ts';
import { w4 } from './w4.ts';
import { W5 } from './w5.ts';
import { w6 } from './w6.ts';
import { versioned } from './versioned.ts';
import { recordsEvolve } from './records-evolve.ts';

export const WORKLOADS: readonly Workload[] = [w1, w1p, w3, w4, ...W5, w6, versioned, recordsEvolve];

/** The workload with this id (exact), or undefined. */
export function workload(id: string): Workload | undefined {
  return WORKLOADS.find((w) => w.id === (id.toLowerCase() as WorkloadId));
}

/** The workloads an argument selects: one by id, or every member of a group (`w5`). */
export function selectWorkloads(arg: string): Workload[] {
  const a = arg.toLowerCase();
  return WORKLOADS.filter((w) => w.id === a || w.group === a);
}
