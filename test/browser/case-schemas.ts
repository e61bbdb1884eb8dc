// The schemas and values of the core cases (test/browser/core-cases.ts): the game save, a
// recursive tree, a packed cell and a struct of every kind with a value of it.
import { t, type Infer, type Schema } from '../../src/index.ts';

/** A packed position. */
export const Position = t.struct('game.Position', { x: t.u32, y: t.u32 });

/** The game save at version 2. */
export const Player = t.struct('game.Player', {
  name: t.string,
  strength: t.removed(t.u32, { until: 0 }),
  inventory: t.vec(t.string),
  skills: t.field(t.vec(t.string), { since: 1 }),
  history: t.field(t.records(Position), { since: 2 }),
});

/** A value of Tree. */
export interface TreeNode { label: string; children: TreeNode[] }
/** A recursive tree (t.lazy). */
export const Tree: Schema = t.struct('test.Tree', {
  label: t.string,
  children: t.vec(t.lazy(() => Tree)),
});

/** A packed record with a bool and an enum. */
export const Cell = t.struct('test.Cell', { alive: t.bool, kind: t.enum('test.CellKind', ['empty', 'wall', 'door']), hp: t.u16 });

/** A struct with a field of every kind. */
export const Everything = t.struct('test.Everything', {
  flag: t.bool,
  small: t.i8,
  big: t.u64,
  neg: t.i64,
  ratio: t.f32,
  exact: t.f64,
  text: t.string,
  blob: t.bytes,
  nothing: t.unit,
  fixed: t.array(t.u16, 3),
  list: t.vec(t.i32),
  maybe: t.option(t.string),
  pair: t.tuple(t.u8, t.string),
  lookup: t.map(t.string, Position),
  color: t.enum('test.Color', ['red', 'green', 'blue']),
  shape: t.union('test.Shape', { Circle: { r: t.f64 }, Rect: { w: t.u16, h: t.u16 }, Empty: t.unit }),
  samples: t.typed('f32'),
  wide: t.typed('i64'),
  when: t.custom(t.f64, { name: 'test.Date', encode: (d: Date) => d.getTime(), decode: (ms: number) => new Date(ms) }),
  guard: t.canary,
});

/** A value of Everything. */
export const everything: Infer<typeof Everything> = {
  flag: true, small: -5, big: 18446744073709551615n, neg: -9007199254740993n, ratio: 1.5, exact: Math.PI,
  text: 'héllo 😀 日本', blob: Uint8Array.of(0, 1, 254, 255), nothing: undefined, fixed: [1, 2, 65535],
  list: [-2147483648, 0, 2147483647], maybe: 'yes', pair: [7, 'seven'] as [number, string],
  lookup: new Map([['home', { x: 1, y: 2 }], ['work', { x: 30, y: 40 }]]), color: 'blue',
  shape: { kind: 'Rect', w: 3, h: 4 }, samples: Float32Array.of(0.5, -1, NaN), wide: BigInt64Array.of(-1n, 1n << 62n),
  when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), guard: undefined,
};
