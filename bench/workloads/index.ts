// The workloads, in run order.

import type { Workload, WorkloadId } from '../types.ts';
import { w1 } from './w1.ts';
import { w1p } from './w1p.ts';
import { w3 } from './w3.ts';
import { w4 } from './w4.ts';
import { versioned } from './versioned.ts';

export const WORKLOADS: readonly Workload[] = [w1, w1p, w3, w4, versioned];

export function workload(id: string): Workload | undefined {
  return WORKLOADS.find((w) => w.id === (id.toLowerCase() as WorkloadId));
}
