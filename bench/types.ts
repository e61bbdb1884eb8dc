// Shared shapes of the benchmark suite: the workload data, a benchmark row (one codec in one
// configuration on one workload), a codec adapter (which rows a codec contributes), and results.

/** A position record (W1, W1p): two u32. */
export interface Pos { x: number; y: number }
/** W1: plain objects. */
export interface History { history: Pos[] }
/** W1p: the same positions packed, interleaved x0, y0, x1, y1, ... (little-endian memory). */
export interface HistoryPacked { history: Uint32Array }

export const KINDS = ['player', 'npc', 'monster', 'item'] as const;
export type Kind = (typeof KINDS)[number];
export interface Vec3 { x: number; y: number; z: number }
/** W3/W4: a game entity. id u32, hp u16, kind an enum of 4 (its variant name in memory). */
export interface Entity {
  id: number;
  name: string;
  pos: Vec3;
  hp: number;
  alive: boolean;
  inventory: string[];
  kind: Kind;
}
/** W3: many entities. */
export interface World { entities: Entity[] }

/** W5: the small messages, one record at a time (see workloads/messages.ts). */
export const W5_MESSAGES = ['int', 'double', 'string', 'enum', 'union', 'blob', 'record', 'ints'] as const;
/** One W5 message's name. */
export type W5Message = (typeof W5_MESSAGES)[number];
/** W5 enum message: 8 colours. */
export const COLORS = ['red', 'orange', 'yellow', 'green', 'blue', 'indigo', 'violet', 'black'] as const;
/** A colour (the W5 enum). */
export type Color = (typeof COLORS)[number];
/** The W5 record's enum field: 4 roles. */
export const ROLES = ['guest', 'member', 'moderator', 'admin'] as const;
/** A role of the W5 record. */
export type UserRole = (typeof ROLES)[number];
/** W5 record: 10 fields with strings, an enum and a nested struct. Integers are non-negative. */
export interface User {
  id: number;
  name: string;
  email: string;
  age: number;
  score: number;
  active: boolean;
  role: UserRole;
  address: { street: string; city: string; zip: number };
  createdAt: number;
  country: string;
}
/** W5 long array: an id and 1,000 signed ints. */
export interface Samples { id: number; values: number[] }
/** The canonical value of each W5 message (the union is a plain null, number or string). */
export interface W5Values {
  int: number; double: number; string: string; enum: Color; union: null | number | string;
  blob: Uint8Array; record: User; ints: Samples;
}
/** W6: a point of the cloud (x an i32, y and z f64). */
export interface Point { x: number; y: number; z: number }
/** W6: the points, one message. */
export interface Cloud { points: Point[] }

/** A W5 message's workload id. */
export type W5Id = `w5-${W5Message}`;
export type WorkloadId = 'w1' | 'w1p' | 'w3' | 'w4' | W5Id | 'w6' | 'versioned' | 'records-evolve';
/** A set of workloads run and judged together (`npm run bench -- w5`). */
export type GroupId = 'w5';

/** The data of one W5 message workload (`message` says which; `value` its canonical value). */
export type W5Data = { [M in W5Message]: { id: `w5-${M}`; message: M; value: W5Values[M] } }[W5Message];

/** The data of one workload, as handed to the codec adapters. */
export type WorkloadData =
  | { id: 'w1'; value: History }
  | { id: 'w1p'; value: HistoryPacked }
  | { id: 'w3'; value: World }
  | { id: 'w4'; value: Entity }
  | W5Data
  | { id: 'w6'; value: Cloud }
  | { id: 'versioned'; value: World }
  /** Records that evolve: packed version-1 history records (workloads/records-evolve.ts). */
  | { id: 'records-evolve'; value: { history: Uint8Array } };

/** Tinybench settings of a workload (see harness.ts). */
export interface Timing {
  /** Time budget per task, ms (tinybench keeps going until both this and `iterations` are met). */
  time: number;
  iterations: number;
  warmupIterations: number;
  warmupTime: number;
  /** Calls between clock reads: >1 batches tiny operations so the timer's own cost does not dominate. */
  batch: number;
  /** A sample repeats `batch` calls until this many ms have passed (its value is the mean per call). */
  minSampleMs: number;
}

/** A workload: what it is, how to build its data (seeded), how long to time it. */
export interface Workload {
  id: WorkloadId;
  title: string;
  /** One paragraph for the report: the data and its distribution. */
  describe: string;
  /** Builds the data; `small` gives a tiny instance of the same shape (smoke test). */
  make(small?: boolean): WorkloadData;
  timing: Timing;
  /** Rounds each row is timed in, each in a fresh process; the median round is kept (default 1). */
  rounds?: number;
  /** The group this workload belongs to (selected together by the group's id, judged together). */
  group?: GroupId;
}

export type Role = 'savepack' | 'peer' | 'limit';

/** One codec in one configuration on one workload. */
export interface Row {
  /** Display name, unique within a workload, e.g. `msgpackr` or `savepack (checksum off)`. */
  name: string;
  role: Role;
  /** Encodes the workload value (in the form this codec takes, prepared outside timing). Absent: a decode-only row. */
  encode?: () => Uint8Array;
  /**
   * What the encode timing calls, when it differs from `encode` (which then only serves the round
   * trip check): e.g. `encodeInto` into a reused buffer, returning the length written.
   */
  encodeTimed?: () => unknown;
  /** false: decode serves the round trip check only and is not timed (it repeats another row's). */
  timeDecode?: false;
  /** The bytes a decode-only row decodes. */
  input?: Uint8Array;
  decode: (bytes: Uint8Array) => unknown;
  /**
   * Maps this codec's decoded form to the workload's canonical form before the deep compare.
   * Only inherent differences are normalised; every adapter documents each one where it defines it.
   */
  normalize?: (decoded: unknown) => unknown;
  /** What decode must give, canonical form (default: the workload value). */
  expected?: unknown;
  /** Short remark for the report (e.g. which options, what the size excludes). */
  note?: string;
}

/** A codec's contribution: its rows for a workload ([] where it has no sensible form). */
export interface Adapter {
  name: string;
  rows(data: WorkloadData): Row[];
}

/** Timing of one operation of one row. */
export interface OpStat {
  /** ops/s over the whole timed phase: calls ÷ time (GC paid where it falls). */
  hz: number;
  /** Mean time per call, ms. */
  ms: number;
  /** Median of the samples' ops/s. */
  medianHz: number;
  /** Relative margin of error of the samples' mean, %. */
  rme: number;
  samples: number;
  /** Calls in the timed phase. */
  calls: number;
  /** With repeated rounds: every round's ops/s (this stat is the median round). */
  rounds?: number[];
}

export interface RowResult {
  name: string;
  role: Role;
  note?: string;
  /** Encoded size in bytes (of the input for decode-only rows). */
  size?: number;
  encode?: OpStat;
  decode?: OpStat;
  /** Why the row was not timed (failed round trip, threw). */
  disqualified?: string;
}

export interface WorkloadResult {
  id: WorkloadId;
  title: string;
  describe: string;
  rows: RowResult[];
  /** Seconds spent on this workload (data, checks, timing). */
  seconds: number;
  /** Rounds each row was timed in (the median round is reported). */
  repeat: number;
  group?: GroupId;
}
