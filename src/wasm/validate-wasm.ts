// Record validation through the WASM core (SIMD when the engine has it, else SWAR), copying the
// records into WASM memory a chunk of whole vector blocks at a time.

import { checkRecordArgs, type FieldCheck } from './checks.ts';
import { ensureMemory, requireCore, STAGING_CHUNK, type Core } from './core.ts';
import { buildWasmPlan, type WasmPlan } from './validate-plan.ts';

const plans = new WeakMap<readonly FieldCheck[], WasmPlan>();

/** The WASM plan for `checks` at `stride`, cached by the checks array (treat it as immutable). */
function planFor(checks: readonly FieldCheck[], stride: number, c: Core): WasmPlan {
  let p = plans.get(checks);
  if (p === undefined || p.stride !== stride || p.vectorBytes !== c.vectorBytes) {
    p = buildWasmPlan(checks, stride, c.vectorBytes);
    plans.set(checks, p);
  }
  return p;
}

/** Index of the first of `count` records (`stride` bytes each, from data[0]) failing any check, or -1; in WASM. */
export function findInvalidRecordWasm(data: Uint8Array, count: number, stride: number, checks: readonly FieldCheck[]): number {
  checkRecordArgs(data, count, stride);
  const c = requireCore();
  const plan = planFor(checks, stride, c);
  if (plan.nChecks === 0 || count === 0) return -1;
  // Whole vector blocks per chunk, so every chunk starts at the same phase of the block pattern.
  const chunk = plan.recsPerBlock > 0
    ? Math.max(1, Math.floor(STAGING_CHUNK / plan.blockBytes)) * plan.recsPerBlock
    : Math.max(1, Math.floor(STAGING_CHUNK / stride));
  ensureMemory(c, Math.min(chunk, count) * stride, plan.bytes.length);
  if (c.loadedPlan !== plan.bytes) {
    c.bytes.set(plan.bytes, c.plan);
    c.loadedPlan = plan.bytes;
  }
  const ex = c.exports, bytes = c.bytes, at = c.staging, planAt = c.plan;
  if (count <= chunk) {
    const n = count * stride;
    bytes.set(n === data.length ? data : data.subarray(0, n), at);
    return ex.validateRecords(at, count, stride, planAt);
  }
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    bytes.set(data.subarray(start * stride, (start + n) * stride), at);
    const r = ex.validateRecords(at, n, stride, planAt);
    if (r >= 0) return start + r;
  }
  return -1;
}
