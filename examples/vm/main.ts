// npm run demo:vm — a tiny machine saved mid-run by release 1 and resumed by release 2, whose UART
// state gained a field; the resumed run prints exactly what an uninterrupted run prints.

import { toProto } from '../../src/index.ts';
import { runDemo, SNAPSHOT_AT } from './run.ts';
import { UartUnitV1 } from './release2.ts';

const r = await runDemo();
const resumed = r.beforeSnapshot + r.afterRestore;
console.log(`uninterrupted run: ${r.cycles} cycles, ${r.uninterrupted.length} characters of output`);
console.log(`release 1 snapshotted at cycle ${SNAPSHOT_AT} (in the timer interrupt, UART FIFO holding ${r.fifoAtSnapshot} bytes): ${r.snapshotBytes} bytes on disk (4 MiB of RAM, deflated)`);
console.log(`release 2 restored it into a fresh machine and ran on: ${r.afterRestore.length} more characters`);
console.log(`\noutput:\n${resumed.slice(0, 240)}...`);
console.log(`\nsame output as the uninterrupted run: ${resumed === r.uninterrupted ? 'yes' : 'NO'}`);
console.log(`\nthe UART's saved state (release 2) as .proto:\n\n${toProto(UartUnitV1)}`);
if (resumed !== r.uninterrupted) process.exitCode = 1;
