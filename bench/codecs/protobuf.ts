// protobufjs with message definitions built through its reflection API (Root/Type/Field/Enum),
// encoded and decoded by the code protobufjs generates per type on first use (its fast path).
//   W1:  History { repeated Pos history = 1 }, Pos { fixed32 x = 1; fixed32 y = 2 }
//        (fixed32: the values span the whole u32 range, where a varint mostly takes 5 bytes)
//   W1p: HistoryPacked { repeated fixed32 history = 1 [packed = true] }, fed the Uint32Array
//   W3:  World { repeated Entity entities = 1 }; W4: Entity
//        Entity { uint32 id; string name; Vec3 pos; uint32 hp; bool alive; repeated string inventory; Kind kind }
// Normalisations (inherent to protobufjs's in-memory forms):
//   - an enum field is a number in protobuf's messages: the input holds kind as its number
//     (converted once, before timing) and the decoded number is mapped back to the name;
//   - a repeated scalar decodes into a JS Array: W1p's is copied into a Uint32Array to compare.
// Decoded messages keep proto defaults on the prototype; the deep compare reads properties.
// W5 and W6: see protobuf-small.ts.

import protobuf from 'protobufjs';
import type { Adapter, Entity, Row, World } from '../types.ts';
import { KINDS } from '../types.ts';
import { protobufCloudRow, protobufMessageRows, protobufRow } from './protobuf-small.ts';

const { Root, Type, Field, Enum } = protobuf;

function buildRoot() {
  const root = new Root();
  const ns = root.define('bench');
  ns.add(new Type('Pos').add(new Field('x', 1, 'fixed32')).add(new Field('y', 2, 'fixed32')));
  ns.add(new Type('History').add(new Field('history', 1, 'Pos', 'repeated')));
  ns.add(new Type('HistoryPacked').add(new Field('history', 1, 'fixed32', 'repeated', { packed: true })));
  ns.add(new Type('Vec3').add(new Field('x', 1, 'double')).add(new Field('y', 2, 'double')).add(new Field('z', 3, 'double')));
  ns.add(new Enum('Kind', Object.fromEntries(KINDS.map((k, i) => [k, i]))));
  ns.add(new Type('Entity')
    .add(new Field('id', 1, 'uint32'))
    .add(new Field('name', 2, 'string'))
    .add(new Field('pos', 3, 'Vec3'))
    .add(new Field('hp', 4, 'uint32'))
    .add(new Field('alive', 5, 'bool'))
    .add(new Field('inventory', 6, 'string', 'repeated'))
    .add(new Field('kind', 7, 'Kind')));
  ns.add(new Type('World').add(new Field('entities', 1, 'Entity', 'repeated')));
  root.resolveAll();
  return root;
}

type PbEntity = Omit<Entity, 'kind'> & { kind: number };
const toPb = (e: Entity): PbEntity => ({ ...e, kind: KINDS.indexOf(e.kind) });
const fromPb = (e: PbEntity): Entity => ({
  id: e.id, name: e.name, pos: e.pos, hp: e.hp, alive: e.alive, inventory: e.inventory, kind: KINDS[e.kind]!,
});

export const protobufjs: Adapter = {
  name: 'protobufjs',
  rows(data) {
    if ('message' in data) return protobufMessageRows(data);
    if (data.id === 'w6') return [protobufCloudRow(data.value)];
    const root = buildRoot();
    const row = (typeName: string, input: object, normalize?: (d: unknown) => unknown, note?: string): Row => protobufRow(root, typeName, input, normalize, note);
    switch (data.id) {
      case 'w1': return [row('History', data.value, undefined, 'x, y as fixed32')];
      case 'w1p': {
        if (!root.lookupType('bench.HistoryPacked').fields.history!.packed) throw new Error('HistoryPacked.history is not packed');
        return [row('HistoryPacked', data.value, (d) => ({ history: Uint32Array.from((d as { history: number[] }).history) }), 'packed repeated fixed32')];
      }
      case 'w3': {
        const input = { entities: data.value.entities.map(toPb) };
        return [row('World', input, (d) => ({ entities: (d as { entities: PbEntity[] }).entities.map(fromPb) }) satisfies World, 'enum as its number in the input')];
      }
      case 'w4': return [row('Entity', toPb(data.value), (d) => fromPb(d as PbEntity), 'enum as its number in the input')];
      default: return [];
    }
  },
};
