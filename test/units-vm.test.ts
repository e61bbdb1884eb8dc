// The state-units demo (examples/vm, `npm run demo:vm`): a machine snapshotted mid-run by release 1
// and restored into a fresh machine by release 2 (whose UART state gained a field) prints exactly
// what an uninterrupted run prints.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { restore, SavepackError, snapshot } from '../src/index.ts';
import { runDemo } from '../examples/vm/run.ts';
import { Machine } from '../examples/vm/machine.ts';
import { sieveProgram } from '../examples/vm/program.ts';
import * as release1 from '../examples/vm/release1.ts';
import * as release2 from '../examples/vm/release2.ts';

test('release 2 resumes release 1\'s snapshot to the same output as an uninterrupted run', async () => {
  const r = await runDemo();
  assert.ok(r.uninterrupted.startsWith('2 |'), r.uninterrupted.slice(0, 20));
  assert.ok(r.uninterrupted.includes(' 2999 '));
  assert.ok(r.beforeSnapshot.length > 0 && r.afterRestore.length > 0, 'the snapshot is taken mid-run');
  assert.ok(r.fifoAtSnapshot > 0, 'bytes are waiting in the UART FIFO at the snapshot');
  assert.is(r.beforeSnapshot + r.afterRestore, r.uninterrupted);
  assert.ok(r.snapshotBytes < 64 * 1024, `4 MiB of mostly zero RAM deflates: ${r.snapshotBytes} bytes`);
});

test('release 1 refuses release 2\'s snapshot (NEWER_VERSION at the UART), touching nothing', async () => {
  const m = new Machine().load(sieveProgram());
  m.run(5_000);
  const bytes = await snapshot(release2.units(m));
  const fresh = new Machine();
  try {
    await restore(bytes, release1.units(fresh));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, SavepackError);
    assert.is((e as SavepackError).code, 'NEWER_VERSION');
    assert.is((e as SavepackError).path, 'devices.uart');
  }
  assert.is(fresh.cpu.cycles, 0n, 'no unit was restored');
  assert.is(fresh.ram.bytes[0], 0);
});

test.run();
