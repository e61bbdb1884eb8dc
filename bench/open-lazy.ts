// open(bytes).get('history[999999].x') on a ~100 MB save, against a full decode (issue 15).
// Run: node --import tsx bench/open-lazy.ts   (one workload; about 20 s and 2 GB of memory)

import { codec, inspect, open, RecordArray, t } from '../src/index.ts';

const ms = (f: () => unknown): [number, unknown] => { const t0 = performance.now(); const x = f(); return [performance.now() - t0, x]; };

const Pos = t.struct('bench.Pos', { x: t.u32, y: t.u32 });
const Step = t.struct('bench.Step', { x: t.u32, label: t.string });
const Packed = t.struct('bench.SavePacked', { name: t.string, history: t.records(Pos) });
const Walked = t.struct('bench.SaveWalked', { name: t.string, history: t.vec(Step) });

function run(name: string, c: { encode(v: never): Uint8Array; decode(b: Uint8Array): unknown }, value: unknown): void {
  const bytes = c.encode(value as never);
  const [tOpen, view] = ms(() => open(bytes));
  const v = view as ReturnType<typeof open>;
  const [tGet, x] = ms(() => v.get('history[999999].x'));
  const [tGet2] = ms(() => v.get('history[999998].x'));
  const [tDecode] = ms(() => c.decode(bytes));
  const [tInspect] = ms(() => inspect(bytes));
  console.log(`${name}: ${(bytes.length / 1e6).toFixed(1)} MB; open ${tOpen.toFixed(1)} ms, get('history[999999].x') = ${String(x)} ${tGet.toFixed(1)} ms, next get ${tGet2.toFixed(2)} ms; full decode ${tDecode.toFixed(0)} ms, inspect ${tInspect.toFixed(0)} ms`);
}

const N = 12_500_000;
const packed = new RecordArray(Pos, N);
for (let i = 0; i < N; i++) packed.push({ x: i, y: i * 2 });
run('records (12.5M x 8 bytes)', codec(Packed, { version: 0 }), { name: 'p', history: packed });

const M = 5_000_000;
const steps = Array.from({ length: M }, (_, i) => ({ x: i, label: `step ${i} of the walk` }));
run('vec of structs with a string (5M items)', codec(Walked, { version: 0 }), { name: 'w', history: steps });
