// toProto (API.md 11): every generated .proto parses with protobufjs' parser, with the messages,
// fields, enums and oneofs the schema says.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import protobuf from 'protobufjs';
import { stateUnit, t, toProto, SavepackError, decodeSchema, type Schema, type StateUnit } from '../src/index.ts';
import { Player } from '../examples/player.ts';
import { Rtc, Uart } from './helpers/units.ts';

/** Parses `text` as protobufjs does (names as written). */
const parse = (text: string) => protobuf.parse(text, { keepCase: true });
const fieldsOf = (root: protobuf.Root, name: string) => Object.keys(root.lookupType(name).fields);

const Mode = t.enum('vm.devices.Mode', { Loopback: 1, Normal: 2 });
const Parity = t.enum('vm.devices.Parity', ['None', 'Even', 'Odd']);
const Pos = t.struct('vm.Pos', { x: t.u32, y: t.u32 });
const Irq = t.union('vm.devices.Irq', { Edge: { line: t.u8 }, Level: { line: t.u8, high: t.bool }, Off: t.unit });
const Tree: Schema = t.struct('vm.Tree', { value: t.i32, kids: t.vec(t.lazy(() => Tree)) });
const Everything = t.struct('vm.devices.SerialState', {
  fifo: t.vec(t.u8), lcr: t.u8, mode: Mode, parity: Parity, cursor: t.option(Pos), grid: t.array(t.array(t.u16, 2), 3),
  names: t.map(t.string, t.vec(t.u32)), places: t.map(Pos, t.bool), pair: t.tuple(t.u8, t.string), ram: t.typed('u8'),
  samples: t.typed('f32'), trail: t.records(Pos), irq: Irq, child: t.blob(), clock: t.u64, ticks: t.uvarint, delta: t.varint,
  mac: t.fixed(6), marker: t.canary, nothing: t.unit, tree: Tree,
  legacy: t.removed(t.u8, { until: 0 }), baud: t.field(t.u32, { since: 1 }), width: t.field(t.u32, { was: [{ until: 0, type: t.u8 }] }),
  'odd-name': t.u8,
});

test('a state unit: package from the dotted name, one message per struct, the fields in order', () => {
  const unit = stateUnit('vm.devices.Serial', Everything, { save: () => { throw new Error('unused'); }, restore: () => {} });
  const text = toProto(unit);
  assert.match(text, /^syntax = "proto3";$/m);
  assert.match(text, /^package vm\.devices;$/m);
  assert.match(text, /NOT protobuf/);
  assert.match(text, /data version 1/);
  const root = parse(text).root;
  assert.equal(fieldsOf(root, 'vm.devices.SerialState'), [
    'fifo', 'lcr', 'mode', 'parity', 'cursor', 'grid', 'names', 'places', 'pair', 'ram', 'samples', 'trail', 'irq', 'child',
    'clock', 'ticks', 'delta', 'mac', 'marker', 'nothing', 'tree', 'baud', 'width', 'odd_name',
  ]);
  const serial = root.lookupType('vm.devices.SerialState');
  assert.is(serial.fields.fifo!.repeated, true);
  assert.is(serial.fields.baud!.id, 23, 'field numbers are declared positions + 1 (the removed field keeps its number)');
  assert.ok(serial.reserved?.some((r) => Array.isArray(r) && r[0] === 22), 'the removed field is reserved');
  assert.is(serial.fields.names!.constructor.name, 'MapField');
  assert.is(serial.fields.clock!.type, 'uint64');
  assert.is(serial.fields.cursor!.options?.proto3_optional ?? serial.fields.cursor!.optional, true);
  assert.equal(fieldsOf(root, 'vm.devices.Pos'), ['x', 'y']);
  assert.equal(fieldsOf(root, 'vm.devices.Tree'), ['value', 'kids']);
  assert.equal(fieldsOf(root, 'vm.devices.Blob'), ['type', 'version', 'schema', 'data']);
  // enums: a zero value, added when no variant has discriminant 0
  const mode = root.lookupEnum('vm.devices.Mode');
  assert.equal({ ...mode.valuesById }, { 0: 'MODE_UNSPECIFIED', 1: 'MODE_LOOPBACK', 2: 'MODE_NORMAL' });
  assert.equal({ ...root.lookupEnum('vm.devices.Parity').valuesById }, { 0: 'PARITY_NONE', 1: 'PARITY_EVEN', 2: 'PARITY_ODD' });
  // unions: a oneof over one message per variant
  const irq = root.lookupType('vm.devices.Irq');
  assert.equal(irq.oneofsArray.map((o) => [o.name, o.oneof]), [['kind', ['edge', 'level', 'off']]]);
  assert.equal(fieldsOf(root, 'vm.devices.Irq_Level'), ['line', 'high']);
  // comments say what protobuf cannot
  assert.match(text, /uint32 lcr = 2; \/\/ u8: 0\.\.255/);
  assert.match(text, /exactly 3 items/);
  assert.match(text, /exactly 6 bytes/);
  assert.match(text, /baud = 23; \/\/ .*since version 1/);
  assert.match(text, /stored as u8 up to version 0/);
  assert.match(text, /reserved 22; \/\/ removed field 'legacy'/);
});

test('the units of the tests, the game save, plain schemas and a decoded schema all parse', () => {
  const cases: Array<[Schema | StateUnit, string]> = [
    [Uart, 'test.devices.UartState'], [Rtc, 'test.devices.RtcState'], [Player, 'game.Player'], [Pos, 'vm.Pos'], [Irq, 'vm.devices.Irq'],
  ];
  for (const [x, message] of cases) {
    const root = parse(toProto(x)).root;
    assert.ok(root.lookupType(message).fieldsArray.length + root.lookupType(message).oneofsArray.length > 0, message);
  }
  // not a message at the root: a wrapper message with one field 'value'
  assert.equal(fieldsOf(parse(toProto(t.vec(t.u8))).root, 'ValueState'), ['value']);
  assert.equal(fieldsOf(parse(toProto(Mode)).root, 'vm.devices.ModeState'), ['value']);
  // names read from a schema section are data: a hostile name still gives valid .proto text
  const utf8 = (x: string) => [...new TextEncoder().encode(x)];
  const name = utf8('x.Ev\u2028il'), field = utf8('a\n}; message X {');
  const odd = decodeSchema(new Uint8Array([0x15, name.length, ...name, 1, field.length, ...field, 0x02])); // struct, 1 field of u8
  const text = toProto(odd);
  assert.not.match(text, /^\s*message X/m, 'the name stays inside its comment');
  assert.ok(parse(text).root.lookupType('x.Ev_il'));
  assert.throws(() => toProto(3 as never), (e: unknown) => e instanceof SavepackError && e.code === 'INVALID_VALUE');
});

test.run();
