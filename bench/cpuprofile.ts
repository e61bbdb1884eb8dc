// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time.
// Usage: node --import tsx bench/cpuprofile.ts <file.cpuprofile | directory (newest file)> [top=25]

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface Node { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export interface SelfTime { name: string; where: string; ms: number; share: number }

/** Self time per function (same name and location merged), largest first. */
export function selfTimes(p: Profile): SelfTime[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const perNode = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) perNode.set(p.samples[i]!, (perNode.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const merged = new Map<string, SelfTime>();
  let total = 0;
  for (const [id, us] of perNode) {
    total += us;
    const f = byId.get(id)!.callFrame;
    const file = f.url ? relative(process.cwd(), f.url.replace(/^file:\/\//, '')) : '';
    // tsx hands V8 one-line transpiled modules, so a line number says nothing: file only. Code built
    // with `new Function` (savepack's compiled codecs) has no url.
    const where = file || (f.lineNumber > 0 ? '(generated code)' : '(native)');
    const name = f.functionName || '(anonymous)';
    const key = `${name}@${where}`;
    const e = merged.get(key) ?? { name, where, ms: 0, share: 0 };
    e.ms += us / 1000;
    merged.set(key, e);
  }
  const list = [...merged.values()].sort((a, b) => b.ms - a.ms);
  for (const e of list) e.share = total ? (e.ms * 1000) / total : 0;
  return list;
}

export function formatSelfTimes(list: readonly SelfTime[], top: number): string {
  return list.slice(0, top).map((e) => `${(e.share * 100).toFixed(1).padStart(5)}%  ${e.ms.toFixed(0).padStart(6)} ms  ${e.name}  ${e.where}`).join('\n');
}

/** The main-thread profile of the newest process in `path` (node writes one file per thread: CPU.<date>.<time>.<pid>.<thread>.<seq>). */
function newest(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(path, f));
  if (!files.length) throw new Error(`no .cpuprofile in ${path}`);
  const last = files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
  const pid = (f: string) => f.split('.').slice(-4, -3)[0];
  return files.filter((f) => pid(f) === pid(last)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = newest(process.argv[2] ?? '.');
  const top = Number(process.argv[3] ?? 25);
  console.log(`${file}\n  share   self    function  location`);
  console.log(formatSelfTimes(selfTimes(JSON.parse(readFileSync(file, 'utf8')) as Profile), top));
}
