// saveFile / loadFile onProgress with a deflated save over 4 MB (~2 s of deflating pseudo-random
// bytes, hence the slow suite): progress in several steps of at most 4 MB, deflate in blocks, the
// file loads with loadFile and decode. test/progress.test.ts covers the rest of onProgress.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec } from '../src/index.ts';
import { loadFile, saveFile } from '../src/node.ts';
import { big, Big, checkLog, sameBytes } from './helpers/progress-data.ts';

const deflated = codec(Big, { version: 0, compress: { method: 'deflate', level: 1 } });
const dir = mkdtempSync(join(tmpdir(), 'savepack-progress-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a large deflated save is streamed (deflate in blocks) and loads with loadFile and decode', async () => {
  const p = join(dir, 'z.bin');
  const v = big(6);
  const log: [number, number][] = [];
  await saveFile(p, deflated, v, { onProgress: (d, n) => log.push([d, n]) });
  assert.ok(statSync(p).size > 4 << 20, `${statSync(p).size} bytes`);
  checkLog(log, statSync(p).size, 2);
  const back = await loadFile(p, deflated);
  assert.ok(sameBytes(back.frames[19]!, v.frames[19]!));
  assert.equal(deflated.decode(new Uint8Array(readFileSync(p))).scores, v.scores);
});

test.run();
