// snapshotFile / restoreFile (savepack/node): snapshots on disk over the atomic saveFile/loadFile.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restore, SavepackError, stateUnit, t } from '../src/index.ts';
import { restoreFile, snapshotFile } from '../src/node.ts';
import { devices, Rtc, RtcDev, Uart, UartDev } from './helpers/units.ts';

let dir = '';
test.before(() => { dir = mkdtempSync(join(tmpdir(), 'savepack-units-')); });
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

test('snapshotFile writes a snapshot restoreFile (and restore) read back', async () => {
  const { uart, rtc } = devices();
  const path = join(dir, 'vm.snap');
  await snapshotFile(path, { uart: [Uart, uart], rtc: [Rtc, rtc] });
  const u2 = new UartDev(), r2 = new RtcDev();
  const result = await restoreFile(path, { uart: [Uart, u2], rtc: [Rtc, r2] });
  assert.equal(result.restored, ['uart', 'rtc']);
  assert.equal([u2.fifo, r2.seconds], [[0x41, 0x42, 0x43], 1_700_000_000n]);
  const u3 = new UartDev();
  await restore(readFileSync(path), { uart: [Uart, u3] }, { allowExtra: true });
  assert.equal(u3.fifo, [0x41, 0x42, 0x43]);
});

test('a refused save leaves the previous snapshot file as it was', async () => {
  const path = join(dir, 'keep.snap');
  await snapshotFile(path, { uart: [Uart, devices().uart] });
  const before = readFileSync(path);
  const Refuses = stateUnit('test.devices.Uart', t.struct('test.devices.UartState', { fifo: t.vec(t.u8), lcr: t.u8, enabled: t.bool }), {
    save: () => { throw new SavepackError('NOT_SUPPORTED', 'in the middle of a DMA transfer'); }, restore: () => {},
  });
  try {
    await snapshotFile(path, { uart: [Refuses, {}] }, { backup: true });
    assert.unreachable();
  } catch (e) {
    assert.is((e as SavepackError).code, 'NOT_SUPPORTED');
    assert.is((e as SavepackError).path, 'uart');
  }
  assert.equal([...readFileSync(path)], [...before]);
  await snapshotFile(path, { uart: [Uart, new UartDev()] }, { backup: true });
  assert.ok(existsSync(`${path}.bak`));
});

test('restoreFile errors: a missing file is IO, a damaged one names the file and restores nothing', async () => {
  try {
    await restoreFile(join(dir, 'nope.snap'), { uart: [Uart, new UartDev()] });
    assert.unreachable();
  } catch (e) {
    assert.is((e as SavepackError).code, 'IO');
  }
  const path = join(dir, 'damaged.snap');
  await snapshotFile(path, { uart: [Uart, devices().uart] });
  const bytes = readFileSync(path);
  bytes[bytes.length - 12] ^= 0x10;
  writeFileSync(path, bytes);
  const u2 = new UartDev();
  try {
    await restoreFile(path, { uart: [Uart, u2] });
    assert.unreachable();
  } catch (e) {
    assert.is((e as SavepackError).code, 'CHECKSUM');
    assert.ok((e as Error).message.includes(path), (e as Error).message);
  }
  assert.is(u2.restores, 0);
  // a unit the file does not hold: SCHEMA_MISMATCH with the file's path
  await snapshotFile(path, { uart: [Uart, devices().uart] });
  try {
    await restoreFile(path, { com2: [Uart, u2] });
    assert.unreachable();
  } catch (e) {
    assert.is((e as SavepackError).code, 'SCHEMA_MISMATCH');
    assert.ok((e as Error).message.includes(path));
  }
});

test.run();
