// savepack's rows. The library is loaded with a dynamic import so the suite runs on the peers
// alone while src/index.ts does not provide `codec` yet (loadSavepack says why it is missing).
// Schemas mirror the workload types field for field:
//   Pos { x: u32, y: u32 }; History { history: vec<Pos> } (W1); HistoryPacked { history: records<Pos> } (W1p)
//   Entity { id: u32, name: string, pos: Vec3 {x,y,z: f64}, hp: u16, alive: bool, inventory: vec<string>, kind: enum Kind }
//   World { entities: vec<Entity> } (W3); Entity alone (W4)
//   Versioned: the same World with a version history (see workloads/versioned.ts):
//     hp was f32 until v0; alive since v1 (default true); kind was a string until v1.
// Normalisation: a `t.records` field decodes to a RecordArray, whose bytes are the packed records
// themselves; W1p compares them as the Uint32Array they hold (x0, y0, x1, ...). Nothing else.
// W5 and W6: see savepack-small.ts (feature-detected modes; `modeLines` says which run).

import type * as Savepack from '../../src/index.ts';
import type { Adapter, HistoryPacked, Row, World } from '../types.ts';
import { KINDS } from '../types.ts';
import { expectedFromV0 } from '../workloads/versioned.ts';
import { withoutDamage } from '../workloads/records-evolve.ts';
import { detectModes, savepackCloudRows, savepackMessageRows, w5Mode, w6Plan } from './savepack-small.ts';

type SP = typeof Savepack;

/** The savepack adapter, or the reason it cannot run yet. */
export async function loadSavepack(): Promise<{ adapter: Adapter; modeLines: { w5: string; w6: string } } | { reason: string }> {
  let m: Partial<SP>;
  try {
    m = (await import('../../src/index.ts')) as Partial<SP>;
  } catch (e) {
    return { reason: `src/index.ts does not load: ${String((e as Error)?.message ?? e).split('\n')[0]}` };
  }
  const missing = (['codec', 't', 'RecordArray'] as const).filter((k) => !m[k]);
  if (missing.length) return { reason: `src/index.ts does not export ${missing.join(', ')} yet` };
  const sp = m as SP;
  const modes = detectModes(sp);
  return { adapter: savepackAdapter(sp), modeLines: { w5: w5Mode(modes), w6: w6Plan(sp).line } };
}

function schemas(sp: SP) {
  const { t } = sp;
  const Pos = t.struct('bench.Pos', { x: t.u32, y: t.u32 });
  const Vec3 = t.struct('bench.Vec3', { x: t.f64, y: t.f64, z: t.f64 });
  const Kind = t.enum('bench.Kind', [...KINDS]);
  const Entity = t.struct('bench.Entity', {
    id: t.u32, name: t.string, pos: Vec3, hp: t.u16, alive: t.bool, inventory: t.vec(t.string), kind: Kind,
  });
  const EntityV2 = t.struct('bench.Entity', {
    id: t.u32,
    name: t.string,
    pos: Vec3,
    hp: t.field(t.u16, { was: [{ until: 0, type: t.f32, convert: (h: number) => Math.round(h), revert: (v: number) => v }] }),
    alive: t.field(t.bool, { since: 1, default: true }),
    inventory: t.vec(t.string),
    kind: t.field(Kind, { was: [{ until: 1, type: t.string, convert: (s: string) => s as (typeof KINDS)[number], revert: (k: string) => k }] }),
  });
  // Records that evolve: the history record gained `dmg` in data version 1.
  const HistoryEntry = t.struct('bench.HistoryEntry', {
    tick: t.u32, x: t.f32, y: t.f32, hp: t.u16, kind: t.u8, alive: t.bool, dmg: t.field(t.u32, { since: 1 }),
  });
  return {
    Pos,
    History: t.struct('bench.History', { history: t.vec(Pos) }),
    HistoryPacked: t.struct('bench.HistoryPacked', { history: t.records(Pos) }),
    Entity,
    World: t.struct('bench.World', { entities: t.vec(Entity) }),
    WorldV2: t.struct('bench.World', { entities: t.vec(EntityV2) }),
    HistoryEntry,
    HistorySave: t.struct('bench.HistorySave', { history: t.records(HistoryEntry) }),
  };
}

/** The packed bytes of a RecordArray as a Uint32Array (copied only if unaligned). */
function u32Of(bytes: Uint8Array): Uint32Array {
  if (bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  return new Uint32Array(bytes.slice().buffer);
}

export function savepackAdapter(sp: SP): Adapter {
  const { codec, RecordArray } = sp;
  const s = schemas(sp);
  const modes = detectModes(sp);
  const row = <T>(name: string, c: { encode(v: T): Uint8Array; decode(b: Uint8Array): T }, value: T, extra: Partial<Row> = {}): Row => ({
    name,
    role: 'savepack',
    encode: () => c.encode(value),
    decode: (b) => c.decode(b),
    ...extra,
  });
  return {
    name: 'savepack',
    rows(data) {
      if ('message' in data) return savepackMessageRows(sp, modes, data);
      if (data.id === 'w6') return savepackCloudRows(sp, modes, data.value);
      switch (data.id) {
        case 'w1': {
          const v = data.value;
          return [
            row('savepack', codec(s.History, { version: 0 }), v, { note: 'defaults: schema header + XXH64 checksum' }),
            row('savepack (checksum off)', codec(s.History, { version: 0, checksum: false }), v),
          ];
        }
        case 'w1p': {
          const u = data.value.history;
          const ra = new RecordArray(s.Pos, u.length / 2);
          for (let i = 0; i < u.length; i += 2) ra.push({ x: u[i]!, y: u[i + 1]! });
          const v = { history: ra };
          const normalize = (d: unknown): HistoryPacked => ({ history: u32Of((d as typeof v).history.bytes) });
          return [
            row('savepack (checksum off)', codec(s.HistoryPacked, { version: 0, checksum: false }), v, { normalize, note: 'RecordArray; schema header' }),
            row('savepack (checksum on)', codec(s.HistoryPacked, { version: 0 }), v, { normalize, note: 'RecordArray; schema header + XXH64' }),
            // msgpackr's decode returns views of its input; `views: true` asks savepack for the same
            // aliasing (API.md section 8), the fair row for the issue-13 W1p target.
            row('savepack (views)', codec(s.HistoryPacked, { version: 0, checksum: false, views: true }), v, { normalize, note: 'RecordArray view of the input (views: true, like msgpackr); schema header' }),
          ];
        }
        case 'w3': {
          const v = data.value;
          return [
            row('savepack', codec(s.World, { version: 0 }), v, { note: 'defaults: schema header + XXH64 checksum' }),
            row('savepack (checksum off)', codec(s.World, { version: 0, checksum: false }), v),
          ];
        }
        case 'w4': {
          const v = data.value;
          return [
            row('savepack (no header)', codec(s.Entity, { version: 0, schemaHeader: false, checksum: false }), v, { note: 'schemaHeader: false, checksum: false (like the peers)' }),
            row('savepack (defaults)', codec(s.Entity, { version: 0 }), v, { note: 'schema header + XXH64 checksum' }),
          ];
        }
        case 'versioned': {
          const w: World = data.value;
          const c = codec(s.WorldV2, { version: 2 });
          const v0 = c.encode(w, { version: 0 });
          const v2 = c.encode(w);
          return [
            { name: 'savepack (v0 file → v2)', role: 'savepack', input: v0, decode: (b) => c.decode(b), expected: expectedFromV0(w), note: 'defaults + conversions applied' },
            { name: 'savepack (v2 file)', role: 'savepack', input: v2, decode: (b) => c.decode(b) },
          ];
        }
        case 'records-evolve': {
          const bytes = data.value.history;
          const c = codec(s.HistorySave, { version: 1 });
          const value = { history: RecordArray.fromBytes(s.HistoryEntry, bytes.slice()) };
          const v0 = c.encode(value, { version: 0 });
          const v1 = c.encode(value);
          const normalize = (d: unknown) => ({ history: (d as typeof value).history.bytes });
          return [
            { name: 'savepack (v0 file → v1)', role: 'savepack', input: v0, decode: (b) => c.decode(b), normalize, expected: { history: withoutDamage(bytes) }, note: 'every record converted to the v1 layout in one pass (dmg = 0)' },
            { name: 'savepack (v1 file)', role: 'savepack', input: v1, decode: (b) => c.decode(b), normalize, expected: { history: bytes }, note: 'bulk copy' },
          ];
        }
      }
    },
  };
}
