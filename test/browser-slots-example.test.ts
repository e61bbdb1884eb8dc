// The example page examples/browser/ in real headless Chromium (test/browser/slots-harness.ts;
// skipped without a Chromium): play, save, backup, load, a bad name and a second slot clicked
// through, the DOM checked after each click, and the docs screenshot kept up to date.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chrome, origin, ready, slotSuite } from './browser/slots-harness.ts';
import { click, openExample, screenshot, view } from './browser/slots-example.ts';

slotSuite(() => {
  test('examples/browser: play, save, save with a backup, load, load the backup, a bad name, a second slot (the DOM after each click)', async () => {
    ready();
    const { page: ex, errors } = await openExample(chrome!.context, origin);
    try {
      assert.match(await ex.textContent('#backend') ?? '', /Origin Private File System/);
      for (const id of ['explore', 'explore', 'fight', 'explore', 'rest']) await click(ex, id, false);
      let v = await view(ex);
      assert.is(v.turn, '5');
      assert.is(v.history, 6);
      await ex.fill('#slot', 'slot-1');
      v = await click(ex, 'save');
      assert.is(v.status, 'Saved turn 5 in "slot-1".');
      assert.equal(v.slots.map((r) => [r[0], r[2], r[4]]), [['slot-1', 'v1', '—']]);
      for (const id of ['explore', 'fight']) await click(ex, id, false);
      await ex.check('#backup');
      v = await click(ex, 'save');
      assert.is(v.status, 'Saved turn 7 in "slot-1".');
      assert.ok(/^\d+ B$/.test(v.slots[0]![4]!), `a backup is listed: ${JSON.stringify(v.slots)}`);
      v = await click(ex, 'new-game');
      assert.equal([v.turn, v.history], ['0', 1]);
      v = await click(ex, 'load');
      assert.equal([v.status, v.turn, v.history], ['Loaded "slot-1": turn 7.', '7', 8]);
      v = await click(ex, 'load-backup');
      assert.equal([v.status, v.turn, v.history], ['Loaded the backup of "slot-1": turn 5.', '5', 6]);
      await ex.fill('#slot', 'saves/one');
      v = await click(ex, 'save');
      assert.ok(v.error && /^Save failed: INVALID_VALUE: slot name "saves\/one" contains a path separator/.test(v.status), v.status);
      await ex.fill('#slot', 'slot-2');
      await ex.uncheck('#backup');
      await click(ex, 'explore', false);
      v = await click(ex, 'save');
      assert.is(v.status, 'Saved turn 6 in "slot-2".');
      assert.equal(v.slots.map((r) => r[0]), ['slot-1', 'slot-2']);
      assert.equal(errors, [], 'no console errors');
      const shot = await screenshot(ex);
      console.log(`  example page: ${shot.written ? 'wrote' : 'kept'} docs/browser-example.png (${(shot.bytes / 1024).toFixed(1)} KiB)`);
      assert.ok(shot.bytes > 0 && shot.bytes < 150 * 1024, `the screenshot is under 150 KB (${shot.bytes})`);
      v = await click(ex, 'delete');
      assert.is(v.status, 'Deleted "slot-2".');
      await ex.fill('#slot', 'slot-1');
      await click(ex, 'delete');
    } finally {
      await ex.close();
    }
  });
});

test.run();
