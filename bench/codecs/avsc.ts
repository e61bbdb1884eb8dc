// avsc with proper Avro schemas: records for Pos/Vec3/Entity, an Avro enum for kind, arrays.
// u32 fields are Avro `long` (Avro `int` is signed 32-bit and cannot hold u32 values >= 2^31);
// u16 is `int`. No typed arrays in Avro, so no W1p row.
// Decoded values are avsc Record instances with exactly the schema's fields and enums as their
// symbol strings, so they compare equal to the input without normalisation.
// W5 and W6: see avsc-small.ts.

import avro from 'avsc';
import type { Adapter } from '../types.ts';
import { KINDS } from '../types.ts';
import { avscCloudRow, avscMessageRows } from './avsc-small.ts';

const pos = { type: 'record', name: 'Pos', fields: [{ name: 'x', type: 'long' }, { name: 'y', type: 'long' }] };

const entity = {
  type: 'record',
  name: 'Entity',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'name', type: 'string' },
    { name: 'pos', type: { type: 'record', name: 'Vec3', fields: ['x', 'y', 'z'].map((name) => ({ name, type: 'double' })) } },
    { name: 'hp', type: 'int' },
    { name: 'alive', type: 'boolean' },
    { name: 'inventory', type: { type: 'array', items: 'string' } },
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: [...KINDS] } },
  ],
};

/** The Avro schema of each workload avsc takes part in. */
export const AVRO_SCHEMAS = {
  w1: { type: 'record', name: 'History', namespace: 'bench', fields: [{ name: 'history', type: { type: 'array', items: pos } }] },
  w3: { type: 'record', name: 'World', namespace: 'bench', fields: [{ name: 'entities', type: { type: 'array', items: entity } }] },
  w4: { ...entity, namespace: 'bench' },
} as const;

export const avsc: Adapter = {
  name: 'avsc',
  rows(data) {
    if ('message' in data) return avscMessageRows(data);
    if (data.id === 'w6') return [avscCloudRow(data.value)];
    if (data.id !== 'w1' && data.id !== 'w3' && data.id !== 'w4') return [];
    const type = avro.Type.forSchema(AVRO_SCHEMAS[data.id] as avro.Schema);
    const value = data.value;
    return [{
      name: 'avsc',
      role: 'peer',
      encode: () => type.toBuffer(value),
      // avsc reads through Buffer methods: give it a zero-copy Buffer view of the bytes.
      decode: (b) => type.fromBuffer(Buffer.from(b.buffer, b.byteOffset, b.byteLength)),
      note: data.id === 'w1' ? 'x, y as Avro long (u32 exceeds Avro int)' : undefined,
    }];
  },
};
