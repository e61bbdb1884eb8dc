// avsc on W5 (one Avro schema per message: its natural types, so ints and longs are zigzag
// varints, strings and bytes length-prefixed, the union an Avro union of null/int/string,
// unwrapped) and W6 (an array of Point records, x an Avro int).
// Normalisation: Avro `bytes` take and give a Node Buffer; the input blob is handed over as a
// Buffer view (made once, outside timing) and the decoded Buffer compared as a Uint8Array view.

import avro from 'avsc';
import { COLORS, ROLES, type Row, type W5Data, type W5Message } from '../types.ts';

const int = 'int';
const address = { type: 'record', name: 'Address', fields: [{ name: 'street', type: 'string' }, { name: 'city', type: 'string' }, { name: 'zip', type: int }] };

/** The Avro schema of each W5 message. */
export const AVRO_MESSAGES: Record<W5Message, unknown> = {
  int,
  double: 'double',
  string: 'string',
  enum: { type: 'enum', name: 'bench.Color', symbols: [...COLORS] },
  union: ['null', 'int', 'string'],
  blob: 'bytes',
  record: {
    type: 'record',
    name: 'bench.User',
    fields: [
      { name: 'id', type: int }, { name: 'name', type: 'string' }, { name: 'email', type: 'string' },
      { name: 'age', type: int }, { name: 'score', type: 'double' }, { name: 'active', type: 'boolean' },
      { name: 'role', type: { type: 'enum', name: 'Role', symbols: [...ROLES] } }, { name: 'address', type: address },
      { name: 'createdAt', type: 'long' }, { name: 'country', type: 'string' },
    ],
  },
  ints: { type: 'record', name: 'bench.Samples', fields: [{ name: 'id', type: int }, { name: 'values', type: { type: 'array', items: int } }] },
};

/** W6's Avro schema. */
export const AVRO_CLOUD = {
  type: 'record',
  name: 'bench.Cloud',
  fields: [{ name: 'points', type: { type: 'array', items: { type: 'record', name: 'Point', fields: [{ name: 'x', type: int }, { name: 'y', type: 'double' }, { name: 'z', type: 'double' }] } } }],
};

const toBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const asUint8 = (d: unknown): Uint8Array => {
  const b = d as Uint8Array;
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
};

function row(schema: unknown, value: unknown, extra: Partial<Row> = {}): Row {
  const type = avro.Type.forSchema(schema as avro.Schema);
  return {
    name: 'avsc',
    role: 'peer',
    encode: () => type.toBuffer(value),
    decode: (b) => type.fromBuffer(toBuffer(b)),
    ...extra,
  };
}

/** avsc's rows for a W5 message. */
export function avscMessageRows(data: W5Data): Row[] {
  if (data.message === 'blob') return [row('bytes', toBuffer(data.value), { normalize: asUint8, note: 'Buffer in, Buffer out (compared as bytes)' })];
  return [row(AVRO_MESSAGES[data.message], data.value)];
}

/** avsc's row for W6. */
export const avscCloudRow = (value: unknown): Row => row(AVRO_CLOUD, value, { note: 'x as Avro int (zigzag varint)' });
