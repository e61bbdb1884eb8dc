// Entry point: `npm run bench` runs every workload (then the kernel bench, if present) and writes
// bench/RESULTS.md; `npm run bench -- <workload>` runs one (or a group: `w5` runs every W5
// message, `w5-int` one of them) and only prints. `--repeat N` times
// every row N times in alternating order and keeps the median round, overriding each workload's
// own number of rounds (for checking a target on a noisy machine; the 5-minute budget of the full
// run assumes the defaults).

import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { PEERS } from './codecs/index.ts';
import { loadSavepack } from './codecs/savepack.ts';
import { runWorkload } from './harness.ts';
import { probeNotes } from './probes.ts';
import { renderReport } from './report.ts';
import { w5Console } from './summary.ts';
import { TARGETS, evaluate, requirement, targetWorkloads } from './targets.ts';
import type { Adapter, Timing, WorkloadId, WorkloadResult } from './types.ts';
import { WORKLOADS, selectWorkloads } from './workloads/index.ts';

const NOTE_PEERS = [
  'Peers, each in its fastest documented mode: msgpackr `Packr({ useRecords: true, structures: [], moreTypes: true })`; cbor-x `Encoder({ useRecords: true, structures: [] })`; @msgpack/msgpack one reused `Encoder`/`Decoder`; avsc `Type.forSchema` of a proper Avro schema (records, an Avro enum for kind); protobufjs messages built with its reflection API (fixed32 for the full-range u32 pairs, packed repeated fixed32 for W1p); JSON with TextEncoder/TextDecoder; `v8.serialize`/`deserialize`.',
  'msgpackr and cbor-x with shared structures keep record definitions out of band: their sizes exclude them (like savepack with `schemaHeader: false`). @msgpack/msgpack, avsc, JSON and the typed-array forms have no W1p row where the format has no typed arrays.',
  'W5 and W6 run the four peers of issue 13 only: avsc (a schema per message in its natural types: int and long are zigzag varints), protobufjs (a one-field wrapper message for scalars, so its bytes include a field tag; sint32/uint32/uint64 varints; packed repeated sint32; a oneof for the union), msgpackr and cbor-x (as above; plain values for scalars). JSON, @msgpack/msgpack and v8 sit these out.',
  'W1p `savepack (views)` decodes with `views: true`: its RecordArray is a view of the input, as msgpackr\'s Uint32Array is a view of its input. The other savepack rows copy the 8 MB because API.md section 8 forbids aliasing the caller\'s bytes without `views: true`; buffers savepack owns (an inflated payload, the bytes `loadFile` read) give views without asking. The issue-13 W1p target is measured on the views row.',
  'protobufjs holds enums as numbers: its input carries kind as the enum number (converted before timing) and its decoded number is mapped back to the name for the comparison only.',
];

async function kernelBench(): Promise<string | undefined> {
  let mod: { runKernelBench?: () => unknown };
  try {
    mod = (await import(new URL('./kernels.ts', import.meta.url).href)) as typeof mod;
  } catch (e) {
    console.log(`\n(kernel bench skipped: bench/kernels.ts not loadable: ${String((e as Error)?.message ?? e).split('\n')[0]})`);
    return undefined;
  }
  if (typeof mod.runKernelBench !== 'function') {
    console.log('\n(kernel bench skipped: bench/kernels.ts does not export runKernelBench())');
    return undefined;
  }
  console.log('\n== kernels ==');
  try {
    const out = await mod.runKernelBench();
    if (typeof out === 'string') return out;
    if (out && typeof out === 'object' && typeof (out as { markdown?: unknown }).markdown === 'string') return (out as { markdown: string }).markdown;
    return 'The kernel bench ran; it reports to the console only.';
  } catch (e) {
    console.error(`!! kernel bench threw: ${(e as Error)?.stack ?? e}`);
    return `The kernel bench threw: ${String((e as Error)?.message ?? e)}`;
  }
}

function printTargets(results: Map<WorkloadId, WorkloadResult>): void {
  const relevant = TARGETS.filter((t) => targetWorkloads(t, results).length);
  if (!relevant.length) return;
  console.log('\n== targets (issues 6 and 13) ==');
  for (const t of relevant) {
    const e = evaluate(t, results);
    const got = e.ratio === undefined ? `not measured (${e.why})` : `${e.ratio.toFixed(2)}× vs ${e.reference}`;
    console.log(`  ${e.pass === undefined ? '?' : e.pass ? '✓' : '✗'} ${t.label}: ${got} (required ${requirement(t)})`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const r = args.findIndex((a) => a === '--repeat' || a.startsWith('--repeat='));
  const repeat = r < 0 ? undefined : Number(args[r]!.includes('=') ? args[r]!.split('=')[1] : args[r + 1]);
  if (repeat !== undefined && (!Number.isInteger(repeat) || repeat < 1)) {
    console.error('--repeat needs a whole number >= 1');
    process.exit(2);
  }
  const arg = args.filter((a, i) => !a.startsWith('--') && !(r >= 0 && i === r + 1 && !args[r]!.includes('=')))[0]?.toLowerCase();
  const all = !arg || arg === 'all';
  const selected = all ? WORKLOADS : arg === 'kernels' ? [] : selectWorkloads(arg);
  if (!all && arg !== 'kernels' && !selected.length) {
    console.error(`unknown workload "${arg}"; use one of: ${WORKLOADS.map((w) => w.id).join(', ')}, w5 (every W5 message), kernels, all (and optionally --repeat N)`);
    process.exit(2);
  }
  const started = performance.now();
  const load0 = loadavg()[0]!;
  if (load0 > cpus().length * 0.5) console.log(`\n*** load average ${load0.toFixed(2)} on ${cpus().length} cores: other work is running, expect noisy numbers ***`);
  const adapters: Adapter[] = [];
  let savepackSkipped: string | undefined;
  const modeNotes: string[] = [];
  if (selected.length) {
    const sp = await loadSavepack();
    if ('adapter' in sp) {
      adapters.push(sp.adapter);
      if (selected.some((w) => w.group === 'w5')) modeNotes.push(sp.modeLines.w5);
      if (selected.some((w) => w.id === 'w6')) modeNotes.push(sp.modeLines.w6);
      for (const l of modeNotes) console.log(l);
    } else {
      savepackSkipped = sp.reason;
      console.log(`\n*** savepack rows skipped: ${sp.reason} ***`);
    }
  }
  adapters.push(...PEERS);
  const notes = [...probeNotes(), ...NOTE_PEERS, ...modeNotes];
  if (selected.length) for (const n of notes.slice(0, 3)) console.log(`note: ${n}`);

  const results = new Map<WorkloadId, WorkloadResult>();
  const timings = new Map<WorkloadId, Timing>();
  for (const w of selected) {
    results.set(w.id, await runWorkload(w, adapters, repeat ?? w.rounds ?? 1));
    timings.set(w.id, w.timing);
  }
  const summary = w5Console([...results.values()]);
  if (summary) console.log(summary);
  const kernels = all || arg === 'kernels' ? await kernelBench() : undefined;
  printTargets(results);
  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`\ntotal ${totalSeconds.toFixed(0)} s`);
  if (all) {
    const md = renderReport({ results: [...results.values()], timings, notes, savepackSkipped, kernels, totalSeconds, date: new Date(), load: [load0, loadavg()[0]!] });
    const path = new URL('./RESULTS.md', import.meta.url);
    writeFileSync(path, md);
    console.log(`wrote ${path.pathname}`);
  }
}

await main();
