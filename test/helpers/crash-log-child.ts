// The child of test/crash-log.test.ts: prints "ready", waits for "go <seed>" on stdin, opens the
// log (creating it), prints "open <chunks> <recovered>", then appends chunks of random sizes until
// it is killed, printing "begin <seq> <count>" before each append and "done <seq>" once it has
// resolved (durable: fsynced). Records are crashLogRecord(seq, i), so a reader can check them.
//   node --import tsx test/helpers/crash-log-child.ts <log path>

import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

import { openLog } from '../../src/node.ts';
import { crashLogCodec, crashLogChunk } from './crash-log-schema.ts';
import { prng } from './prng.ts';

const [target] = process.argv.slice(2) as [string];
const say = (s: string) => writeSync(1, s + '\n');

crashLogCodec.encode(crashLogChunk(0, 4)); // compile before announcing readiness
say('ready');

const lines = createInterface({ input: process.stdin });
const [cmd, seedArg] = (await lines[Symbol.asyncIterator]().next()).value.split(' ') as string[];
if (cmd !== 'go') throw new Error(`unexpected command ${cmd}`);
const rand = prng(Number(seedArg));
const log = await openLog(target, crashLogCodec, { create: true });
say(`open ${log.chunks} ${log.recovered}`);
for (;;) {
  const seq = log.chunks;
  // Mostly small chunks, some of up to ~3.6 MB so that kills also land inside one long write (written in 1 MiB pieces).
  const count = rand() < 0.8 ? 1 + Math.floor(rand() * 2000) : Math.floor(rand() * 300_000);
  const chunk = crashLogChunk(seq, count); // made before "begin": the kill window is the append itself
  say(`begin ${seq} ${count}`);
  await log.append(chunk);
  say(`done ${seq}`);
}
