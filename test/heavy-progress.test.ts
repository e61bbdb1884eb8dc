// saveFile / loadFile onProgress with a deflated save over 4 MB (~2 s of deflating pseudo-random
// bytes, hence the slow suite): progress in several steps of at most 4 MB, deflate in blocks, the
// file loads with loadFile and decode. test/progress.test.ts covers the rest of onProgress.

import { test } from 'uvu';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { big, deflatedRoundTrip } from './helpers/progress-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'savepack-progress-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a large deflated save is streamed (deflate in blocks) and loads with loadFile and decode', async () => {
  await deflatedRoundTrip(join(dir, 'z.bin'), big(6), 4 << 20, 2, 19);
});

test.run();
