// The child of test/crash.test.ts: waits for "go <gen> <backup 0|1>" on stdin, then saves
// generation gen, gen+1, ... of a large value to the target in a loop until it is killed. Before
// each save it writes "begin <gen>", after it "done <gen> <ms>" (synchronous writes to the stdout pipe).
//   node --import tsx test/helpers/crash-child.ts <target> <words>

import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { saveFile } from '../../src/node.ts';
import { crashCodec, generation } from './crash-schema.ts';

const [target, wordsArg] = process.argv.slice(2) as [string, string];
const words = Number(wordsArg);
const say = (s: string) => writeSync(1, s + '\n');

// Warm the codec up (compile, first allocation) before announcing readiness.
crashCodec.encode(generation(0, 16));
say('ready');

const lines = createInterface({ input: process.stdin });
const [cmd, genArg, backupArg] = (await lines[Symbol.asyncIterator]().next()).value.split(' ') as string[];
if (cmd !== 'go') throw new Error(`unexpected command ${cmd}`);
const backup = backupArg === '1';
for (let gen = Number(genArg); ; gen++) {
  const value = generation(gen, words);
  say(`begin ${gen}`);
  const t0 = performance.now();
  await saveFile(target, crashCodec, value, { backup });
  say(`done ${gen} ${(performance.now() - t0).toFixed(1)}`);
}
