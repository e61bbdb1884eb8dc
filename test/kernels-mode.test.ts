// Which kernels run: WASM normally, the JS fallbacks when WebAssembly is missing (the second
// `npm test` run removes it with test/helpers/no-wasm.mjs and reruns the core suites).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, kernelStatus, RecordArray, t } from '../src/index.ts';

const noWasm = process.env.SAVEPACK_NO_WASM === '1';

test(noWasm ? 'without WebAssembly the JS kernels run, and say why' : 'with WebAssembly the WASM kernels run', () => {
  const Pos = t.struct('k.Pos', { x: t.u32, ok: t.bool, k: t.u8, y: t.u16 });
  const S = t.struct('k.S', { h: t.records(Pos) });
  const c = codec(S, { version: 0 });
  const h = RecordArray.from(Pos, Array.from({ length: 10_000 }, (_, i) => ({ x: i, ok: i % 2 === 0, k: 1, y: i & 0xffff })));
  assert.is(c.decode(c.encode({ h })).h.length, 10_000);
  const k = kernelStatus();
  assert.is(k.wasm, !noWasm, JSON.stringify(k));
  if (noWasm) {
    assert.is(typeof globalThis.WebAssembly, 'undefined');
    assert.ok(k.reason && /WebAssembly/i.test(k.reason), k.reason);
    assert.match(c.describe(), 'kernels: JS');
  } else assert.match(c.describe(), 'kernels: WASM');
});

test.run();
