// The golden append-only log test/fixtures/history-v0.splog (written once by make-log.ts, never
// regenerated): today's openLog reads every record of it, through its index chunks and by walking
// its chunk headers, and today's writer produces exactly its bytes for the same appends.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLog } from '../src/node.ts';
import { logChunk, logCodec, logSessions } from './fixtures/log.ts';

const GOLDEN = fileURLToPath(new URL('./fixtures/history-v0.splog', import.meta.url));
const SHA256 = '335b16978e849bc05bcac0c4551f785903043a4a66ffff13c25857bc17f7c3cc';
const dir = mkdtempSync(join(tmpdir(), 'savepack-golden-log-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const all = logSessions.flat(2);

test('history-v0.splog is the file make-log.ts wrote (SHA-256)', () => {
  assert.is(createHash('sha256').update(readFileSync(GOLDEN)).digest('hex'), SHA256);
});

test('history-v0.splog reads back every record and chunk', async () => {
  const copy = join(dir, 'read.splog');
  copyFileSync(GOLDEN, copy);
  const log = await openLog(copy, logCodec);
  assert.is(log.version, 0);
  assert.is(log.length, all.length);
  assert.is(log.chunks, 3);
  assert.is(log.recovered, 0);
  assert.equal((await log.read()).toArray(), all);
  assert.equal((await log.read(2, 5)).toArray(), all.slice(2, 5));
  const chunks: number[] = [];
  for await (const c of log) chunks.push(c.length);
  assert.equal(chunks, [3, 0, 5]);
  await log.close();
  assert.equal(new Uint8Array(readFileSync(copy)), new Uint8Array(readFileSync(GOLDEN)), 'opening and closing without appends changes nothing');
  truncateSync(copy, readFileSync(copy).length - 1); // a torn last index chunk: read by walking the headers
  const walked = await openLog(copy, logCodec);
  assert.equal((await walked.read()).toArray(), all);
  await walked.close();
});

test('the same appends write exactly the bytes of history-v0.splog', async () => {
  const path = join(dir, 'write.splog');
  for (const session of logSessions) {
    const log = await openLog(path, logCodec, { create: true });
    for (const chunk of session) await log.append(logChunk(chunk));
    await log.close();
  }
  assert.equal(new Uint8Array(readFileSync(path)), new Uint8Array(readFileSync(GOLDEN)));
});

test.run();
