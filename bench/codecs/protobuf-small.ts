// protobufjs on W5 and W6, reflection API like the other workloads. Scalars travel in a wrapper
// message with one field (a protobuf message is always a message); varints where natural:
//   Int { sint32 value = 1 }  Double { double value = 1 }  Str { string value = 1 }
//   ColorMsg { Color value = 1 }  Blob { bytes value = 1 }
//   Union { oneof v { bool null = 1; sint32 int = 2; string string = 3 } }   (protobuf has no null)
//   User { uint32 id; string name; string email; uint32 age; double score; bool active; Role role;
//          Address address; uint64 createdAt; string country }   Address { string street; string city; uint32 zip }
//   Samples { uint32 id = 1; repeated sint32 values = 2 [packed = true] }
//   Cloud { repeated Point points = 1 }   Point { sint32 x = 1; double y = 2; double z = 3 }
// Normalisations (inherent to protobufjs's in-memory forms): a scalar is the wrapper's `value`
// (the input wraps it, outside timing); enums are numbers (input converted before timing, the
// decoded number mapped back to the name); the union is the oneof's set member; a uint64 decodes
// to a Long (the `long` package is installed), compared as its Number.

import protobuf from 'protobufjs';
import { COLORS, ROLES, type Row, type User, type W5Data } from '../types.ts';

const { Root, Type, Field, Enum, OneOf } = protobuf;

const enumOf = (name: string, names: readonly string[]) => new Enum(name, Object.fromEntries(names.map((k, i) => [k, i])));
const wrapper = (name: string, type: string) => new Type(name).add(new Field('value', 1, type));

function buildRoot(): protobuf.Root {
  const root = new Root();
  const ns = root.define('bench');
  ns.add(enumOf('Color', COLORS)).add(enumOf('Role', ROLES));
  ns.add(wrapper('Int', 'sint32')).add(wrapper('Double', 'double')).add(wrapper('Str', 'string'))
    .add(wrapper('ColorMsg', 'Color')).add(wrapper('Blob', 'bytes'));
  ns.add(new Type('Union').add(new OneOf('v', ['null', 'int', 'string']))
    .add(new Field('null', 1, 'bool')).add(new Field('int', 2, 'sint32')).add(new Field('string', 3, 'string')));
  ns.add(new Type('Address').add(new Field('street', 1, 'string')).add(new Field('city', 2, 'string')).add(new Field('zip', 3, 'uint32')));
  const user: [string, string][] = [['id', 'uint32'], ['name', 'string'], ['email', 'string'], ['age', 'uint32'], ['score', 'double'],
    ['active', 'bool'], ['role', 'Role'], ['address', 'Address'], ['createdAt', 'uint64'], ['country', 'string']];
  const u = new Type('User');
  user.forEach(([n, ty], i) => u.add(new Field(n, i + 1, ty)));
  ns.add(u);
  ns.add(new Type('Samples').add(new Field('id', 1, 'uint32')).add(new Field('values', 2, 'sint32', 'repeated', { packed: true })));
  ns.add(new Type('Point').add(new Field('x', 1, 'sint32')).add(new Field('y', 2, 'double')).add(new Field('z', 3, 'double')));
  ns.add(new Type('Cloud').add(new Field('points', 1, 'Point', 'repeated')));
  root.resolveAll();
  return root;
}

const num = (x: unknown): number => (typeof x === 'number' ? x : Number(String(x)));

function fromPbUser(d: Record<string, unknown>): User {
  const a = d.address as Record<string, unknown>;
  return {
    id: d.id as number, name: d.name as string, email: d.email as string, age: d.age as number, score: d.score as number,
    active: d.active as boolean, role: ROLES[d.role as number]!, address: { street: a.street as string, city: a.city as string, zip: a.zip as number },
    createdAt: num(d.createdAt), country: d.country as string,
  };
}

/** A peer row encoding `input` as message `bench.<typeName>` of `root` (the one protobufjs row builder). */
export function protobufRow(root: protobuf.Root, typeName: string, input: object, normalize?: (d: unknown) => unknown, note?: string): Row {
  const type = root.lookupType(`bench.${typeName}`);
  if (!type.fieldsArray.every((f) => f.resolved)) throw new Error(`protobuf ${typeName} not resolved`);
  return {
    name: 'protobufjs',
    role: 'peer',
    encode: () => type.encode(input).finish(),
    decode: (b) => type.decode(b),
    ...(normalize ? { normalize } : {}),
    ...(note ? { note } : {}),
  };
}

const value = (d: unknown): unknown => (d as { value: unknown }).value;

/** protobufjs's rows for a W5 message. */
export function protobufMessageRows(data: W5Data): Row[] {
  const root = buildRoot();
  switch (data.message) {
    case 'int': return [protobufRow(root, 'Int', { value: data.value }, value, 'wrapper message { sint32 value }')];
    case 'double': return [protobufRow(root, 'Double', { value: data.value }, value, 'wrapper message { double value }')];
    case 'string': return [protobufRow(root, 'Str', { value: data.value }, value, 'wrapper message { string value }')];
    case 'enum': return [protobufRow(root, 'ColorMsg', { value: COLORS.indexOf(data.value) }, (d) => COLORS[value(d) as number], 'wrapper message { Color value }; enum as its number in the input')];
    case 'blob': return [protobufRow(root, 'Blob', { value: data.value }, value, 'wrapper message { bytes value }')];
    case 'union': {
      const v = data.value;
      const input = v === null ? { null: true } : typeof v === 'number' ? { int: v } : { string: v };
      if (!root.lookupType('bench.Union').oneofs!.v) throw new Error('protobuf Union has no oneof');
      const normalize = (d: unknown) => {
        const m = d as { v?: string; int?: number; string?: string };
        return m.v === 'null' ? null : m.v === 'int' ? m.int : m.v === 'string' ? m.string : undefined;
      };
      return [protobufRow(root, 'Union', input, normalize, 'oneof { bool null; sint32 int; string string }')];
    }
    case 'record': {
      const input = { ...data.value, role: ROLES.indexOf(data.value.role) };
      return [protobufRow(root, 'User', input, (d) => fromPbUser(d as Record<string, unknown>), 'enum as its number in the input; createdAt uint64 (decoded as a Long)')];
    }
    case 'ints': {
      if (!root.lookupType('bench.Samples').fields.values!.packed) throw new Error('Samples.values is not packed');
      return [protobufRow(root, 'Samples', data.value, undefined, 'packed repeated sint32')];
    }
  }
}

/** protobufjs's row for W6. */
export const protobufCloudRow = (value: object): Row => protobufRow(buildRoot(), 'Cloud', value, undefined, 'repeated Point { sint32 x; double y; double z }');
