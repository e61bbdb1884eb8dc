// The kernels without WebAssembly: removed before first use, refusing to compile (CSP), deleted in
// a fresh process; results stay the same and kernelStatus says why.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { findInvalidRecord, kernelStatus, resetKernelsForTests, setKernelMode, xxh64 } from '../src/wasm/index.ts';
import { xxh64Js } from '../src/wasm/xxh64-js.ts';
import { xxh64Wasm } from '../src/wasm/xxh64-wasm.ts';
import { CASES, bytes, records, wasmTest } from './helpers/wasm-cases.ts';

test.after.each(() => resetKernelsForTests());

test('WebAssembly removed before first use: same results, and kernelStatus says why', () => {
  const saved = globalThis.WebAssembly;
  const d = bytes(100_000, 5);
  const hash = xxh64Js(d);
  const c = CASES[4]!;
  const { data, view } = records(c, 20_000, 1);
  c.bad(view(12_345));
  try {
    delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    resetKernelsForTests();
    assert.is(xxh64(d), hash);
    setKernelMode('wasm');
    assert.is(xxh64(d), hash, 'forced wasm falls back to JS');
    assert.is(findInvalidRecord(data, 20_000, c.stride, c.checks), 12_345);
    const s = kernelStatus();
    assert.is(s.wasm, false);
    assert.match(s.reason ?? '', /WebAssembly is not available/);
    assert.throws(() => xxh64Wasm(d), /WASM core unavailable: WebAssembly is not available/);
  } finally {
    if (saved !== undefined) globalThis.WebAssembly = saved;
  }
});

wasmTest('WebAssembly that refuses to compile (CSP): falls back and reports the error', () => {
  const saved = globalThis.WebAssembly;
  class Refuse { constructor() { throw new saved.CompileError("Refused to compile: 'wasm-unsafe-eval' is not allowed"); } }
  try {
    globalThis.WebAssembly = { validate: saved.validate, Module: Refuse } as unknown as typeof WebAssembly;
    resetKernelsForTests();
    assert.is(xxh64(bytes(1000)), xxh64Js(bytes(1000)));
    assert.match(kernelStatus().reason ?? '', /CompileError: Refused to compile/);
  } finally {
    globalThis.WebAssembly = saved;
  }
});

test('WebAssembly deleted in a fresh process before the first kernel call', () => {
  // Imported first: tsx itself needs WebAssembly to load .ts files; the core loads lazily.
  const code = `
    const k = await import(${JSON.stringify(new URL('../src/wasm/index.ts', import.meta.url).href)});
    delete globalThis.WebAssembly;
    const d = new Uint8Array(100000).map((_, i) => (i * 7) & 255);
    const recs = new Uint8Array(800); recs[8 * 77 + 4] = 2;
    console.log(JSON.stringify({ h: k.xxh64(d).toString(16), bad: k.findInvalidRecord(recs, 100, 8, [{ offset: 4, size: 1, max: 1 }]), s: k.kernelStatus() }));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' }));
  const d = new Uint8Array(100000).map((_, i) => (i * 7) & 255);
  assert.is(out.h, xxh64Js(d).toString(16));
  assert.is(out.bad, 77);
  assert.is(out.s.wasm, false);
  assert.match(out.s.reason, /not available/);
});

test.run();
