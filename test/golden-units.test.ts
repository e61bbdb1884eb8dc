// The snapshot golden files of state units (test/fixtures/units-v0.bin, units-v0-deflate.bin,
// written once by test/fixtures/make-units.ts, never regenerated): unchanged on disk, restored by
// today's units (and by a newer release of one unit), and written again byte for byte.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openBlob, restore, snapshot, stateUnit, t } from '../src/index.ts';
import { ClockUnit, goldenDevices, goldenTree, type Bus, type Clock, type Ram, type Serial } from './fixtures/units.ts';

const FILES = {
  'units-v0.bin': '53201fc68ba28e9c5f022fbeed7a33f96b6cc40ccb8dd9a0ac8900ee80ec8480',
  'units-v0-deflate.bin': '70fb1417131b109b5c0b8b4b4a59f8a27e96b7daff3068066f8ce6794d0d1935',
} as const;
const read = (name: string) => new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));
const FORMAT_CHANGED = (how: string, file: string) =>
  `FORMAT CHANGE: ${how} ${file}. Snapshots that released versions wrote must keep restoring (FORMAT.md, "Snapshots of state units"). Never regenerate the golden file.`;

/** Empty live objects to restore into. */
function blank(): { serial: Serial; clock: Clock; bus: Bus; ram: Ram; vga: object } {
  return { serial: { fifo: [], lcr: 0, mode: 'Normal' }, clock: { seconds: 0n, alarm: undefined }, bus: { irq: 0, child: undefined }, ram: { bytes: new Uint8Array(0) }, vga: {} };
}

for (const [file, sha] of Object.entries(FILES)) {
  const bytes = read(file);

  test(`golden ${file}: unchanged on disk`, () => {
    assert.is(createHash('sha256').update(bytes).digest('hex'), sha, `${file} was modified or regenerated: restore it from git; golden files are never rewritten`);
  });

  test(`golden ${file}: today's units restore every device`, async () => {
    const d = blank();
    const result = await restore(bytes, goldenTree(d)).catch((e) => { throw new Error(FORMAT_CHANGED(`today's code cannot restore (${e})`, file)); });
    assert.equal(result.restored, ['serial', 'board.clock', 'board.bus', 'board.vga', 'ram']);
    const want = goldenDevices();
    assert.equal(d.serial, want.serial);
    assert.equal(d.clock, want.clock);
    assert.is(d.bus.irq, 11);
    assert.equal(openBlob(d.bus.child!, ClockUnit), { seconds: 42n, alarm: undefined });
    assert.equal([...d.ram.bytes], [...want.ram.bytes]);
  });

  test(`golden ${file}: today's snapshot writes the same bytes`, async () => {
    const again = await snapshot(goldenTree(goldenDevices()), file.includes('deflate') ? { compress: 'deflate' } : {});
    // (deflate: fflate may one day produce another, equally valid stream; see fixtures/README.md)
    assert.ok(again.length === bytes.length && again.every((b, i) => b === bytes[i]), FORMAT_CHANGED('today\'s snapshot no longer writes', file));
  });
}

test('golden units-v0.bin: a newer release of the serial unit (a field since 1) restores it', async () => {
  const SerialV1 = stateUnit('golden.devices.Serial', t.struct('golden.devices.SerialState', {
    fifo: t.vec(t.u8), lcr: t.u8, mode: t.enum('golden.devices.SerialMode', ['Normal', 'Loopback']),
    baud: t.field(t.u32, { since: 1, default: 9600 }),
  }), { save: () => { throw new Error('unused'); }, restore: (d: { baud: number; fifo: number[] }, s) => { d.baud = s.baud; d.fifo = s.fifo; } });
  const d = { baud: 0, fifo: [] as number[] };
  const r = await restore(read('units-v0.bin'), { serial: [SerialV1, d] }, { allowExtra: true });
  assert.equal(r.extra, ['board.clock', 'board.bus', 'board.vga', 'ram']);
  assert.equal(d, { baud: 9600, fifo: [0x68, 0x69, 0x0a] });
});

test.run();
