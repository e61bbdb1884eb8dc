// savepack/browser in real headless Chromium (test/browser/slots-harness.ts; without a Chromium the
// tests are skipped with one loud line, and with SAVEPACK_REQUIRE_BROWSER=1 that is a failure):
// save slots through both back ends (OPFS and IndexedDB), backup, progress, name checks, the
// back-end detection, and a quota failure that must leave the old slot intact. The page is bundled
// from src/ by esbuild. The kills in the middle of saves: browser-slots-crash.test.ts; the example
// page examples/browser/: browser-slots-example.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { builtinModules } from 'node:module';
import { BACKENDS, MB, bundle, call, chrome, ok, openPage, origin, page, ready, slotSuite } from './browser/slots-harness.ts';

test('savepack/browser bundles for the browser without a single Node built-in', async () => {
  const { inputs } = await bundle('src/browser.ts');
  const builtins = new Set(builtinModules);
  assert.ok(inputs.includes('src/browser/slots.ts'), 'the slots are in the bundle');
  assert.equal(inputs.filter((p) => p.startsWith('node:') || builtins.has(p) || p.startsWith('(disabled)')), []);
  assert.equal(inputs.filter((p) => p.startsWith('src/node')), [], 'nothing of savepack/node');
});

slotSuite(() => {
  test('detection: OPFS in Chromium; IndexedDB on a page where navigator.storage.getDirectory is missing', async () => {
    ready();
    assert.equal(await call(page, 'backend'), { value: 'opfs' });
    const p2 = await openPage('delete StorageManager.prototype.getDirectory;');
    try {
      assert.equal(await call(p2, 'backend'), { value: 'idb' });
      // and a save made there is an IndexedDB save
      ok(await call(p2, 'save', 'idb', 'detected', 7), 'save');
      assert.equal(ok(await call(page, 'load', 'idb', 'detected'), 'load idb'), { n: 7, s: 'value 7' });
      ok(await call(page, 'del', 'idb', 'detected'), 'delete');
    } finally {
      await p2.close();
    }
  });

  test('slot names: separators, dot names, control characters, over 100 characters are INVALID_VALUE', async () => {
    ready();
    const r = await call(page, 'badNames');
    assert.is(Object.keys(r).length, 8);
    for (const [name, code] of Object.entries(r)) assert.is(code, 'INVALID_VALUE', `slot name ${JSON.stringify(name)}`);
  });

  test('opfs: an incomplete newer generation is skipped; a damaged save is CHECKSUM naming the slot; the next save clears both', async () => {
    ready();
    ok(await call(page, 'save', 'opfs', 'dmg', 1), 'save 1');
    ok(await call(page, 'save', 'opfs', 'dmg', 2), 'save 2');
    assert.equal((await call(page, 'opfsFiles')).filter((f) => f.startsWith('dmg')), ['dmg.2.sp']);
    const listed = ok(await call(page, 'list', 'opfs'), 'list').find((x) => x.name === 'dmg');
    await call(page, 'opfsCopyTruncated', 'dmg.2.sp', 'dmg.3.sp', 40);
    assert.equal(ok(await call(page, 'load', 'opfs', 'dmg'), 'load'), { n: 2, s: 'value 2' }, 'the complete generation loads');
    assert.equal(ok(await call(page, 'list', 'opfs'), 'list').find((x) => x.name === 'dmg'), listed, 'and is the one listed');
    await call(page, 'opfsFlip', 'dmg.2.sp', 12);
    const bad = await call(page, 'load', 'opfs', 'dmg');
    assert.ok('error' in bad, 'a damaged save does not load');
    const e = (bad as { error: { code?: string; message: string } }).error;
    assert.is(e.code, 'CHECKSUM', e.message);
    assert.match(e.message, /^CHECKSUM: slot "dmg": /);
    ok(await call(page, 'save', 'opfs', 'dmg', 4), 'save 4');
    assert.equal((await call(page, 'opfsFiles')).filter((f) => f.startsWith('dmg')), ['dmg.4.sp'], 'the incomplete and the replaced generation are gone');
    assert.equal(ok(await call(page, 'load', 'opfs', 'dmg'), 'load'), { n: 4, s: 'value 4' });
    ok(await call(page, 'del', 'opfs', 'dmg'), 'delete');
  });

  test('opfs without FileSystemHandle.move (older browsers): the new generation is written in place; save, backup, load work', async () => {
    ready();
    const p2 = await openPage('delete FileSystemHandle.prototype.move; delete FileSystemFileHandle.prototype.move;');
    try {
      assert.is(await p2.evaluate(() => typeof (FileSystemFileHandle.prototype as { move?: unknown }).move), 'undefined', 'move() is gone on this page');
      assert.is(await page.evaluate(() => typeof (FileSystemFileHandle.prototype as { move?: unknown }).move), 'function', 'Chromium has move() (the other tests use it)');
      ok(await call(p2, 'save', 'opfs', 'nomove', 1), 'save 1');
      ok(await call(p2, 'save', 'opfs', 'nomove', 2, { backup: true }), 'save 2');
      assert.equal((await call(p2, 'opfsFiles')).filter((f) => f.includes('nomove')), ['nomove.1.sp', 'nomove.2.sp']);
      assert.equal(ok(await call(p2, 'load', 'opfs', 'nomove'), 'load'), { n: 2, s: 'value 2' });
      assert.equal(ok(await call(p2, 'load', 'opfs', 'nomove', { backup: true }), 'load backup'), { n: 1, s: 'value 1' });
      assert.equal(await call(p2, 'del', 'opfs', 'nomove'), { value: true });
    } finally {
      await p2.close();
    }
  });

  for (const b of BACKENDS) {
    test(`${b}: save, load, list (name, size, data version, time), delete`, async () => {
      ready();
      const t0 = Date.now();
      ok(await call(page, 'save', b, 'alpha', 1), 'save alpha');
      ok(await call(page, 'save', b, 'beta.2', 2), 'save beta.2');
      ok(await call(page, 'save', b, 'alpha', 3), 'save alpha again');
      assert.equal(ok(await call(page, 'load', b, 'alpha'), 'load'), { n: 3, s: 'value 3' });
      assert.equal(ok(await call(page, 'load', b, 'beta.2'), 'load'), { n: 2, s: 'value 2' });
      const list = ok(await call(page, 'list', b), 'list').filter((s) => s.name === 'alpha' || s.name === 'beta.2');
      assert.equal(list.map((s) => s.name), ['alpha', 'beta.2']);
      for (const s of list) {
        assert.is(s.dataVersion, 3);
        assert.ok(s.size > 32 && s.size < 200, `size ${s.size}`);
        assert.ok(s.time >= t0 - 2000 && s.time <= Date.now() + 2000, `time ${s.time}`);
        assert.is(s.backup, undefined, 'no backup without backup: true');
      }
      assert.equal(await call(page, 'del', b, 'alpha'), { value: true });
      assert.equal(await call(page, 'del', b, 'alpha'), { value: false });
      const missing = await call(page, 'load', b, 'alpha');
      assert.ok('error' in missing && missing.error.code === 'IO' && missing.error.name === 'NotFoundError', JSON.stringify(missing));
      assert.not.ok(ok(await call(page, 'list', b), 'list').some((s) => s.name === 'alpha'));
      ok(await call(page, 'del', b, 'beta.2'), 'delete beta.2');
    });

    test(`${b}: backup: true keeps the previous save (loadable and listed); a save without it leaves the backup`, async () => {
      ready();
      ok(await call(page, 'save', b, 'hero', 1), 'save 1');
      assert.ok('error' in (await call(page, 'load', b, 'hero', { backup: true })), 'no backup yet');
      ok(await call(page, 'save', b, 'hero', 2, { backup: true }), 'save 2');
      assert.equal(ok(await call(page, 'load', b, 'hero'), 'load'), { n: 2, s: 'value 2' });
      assert.equal(ok(await call(page, 'load', b, 'hero', { backup: true }), 'load backup'), { n: 1, s: 'value 1' });
      ok(await call(page, 'save', b, 'hero', 3), 'save 3');
      assert.equal(ok(await call(page, 'load', b, 'hero'), 'load'), { n: 3, s: 'value 3' });
      assert.equal(ok(await call(page, 'load', b, 'hero', { backup: true }), 'load backup'), { n: 1, s: 'value 1' }, 'the backup stays');
      ok(await call(page, 'save', b, 'hero', 4, { backup: true }), 'save 4');
      assert.equal(ok(await call(page, 'load', b, 'hero', { backup: true }), 'load backup'), { n: 3, s: 'value 3' });
      const s = ok(await call(page, 'list', b), 'list').find((x) => x.name === 'hero');
      assert.ok(s?.backup && s.backup.dataVersion === 3 && s.backup.size === s.size, JSON.stringify(s));
      if (b === 'opfs') assert.equal((await call(page, 'opfsFiles')).filter((f) => f.includes('hero')), ['hero.3.sp', 'hero.4.sp']);
      assert.equal(await call(page, 'del', b, 'hero'), { value: true });
      assert.ok('error' in (await call(page, 'load', b, 'hero', { backup: true })), 'the backup went with the slot');
    });

    test(`${b}: onProgress on a 10 MB save and load: at most 4 MB apart, ending at (total, total)`, async () => {
      ready();
      const saved = await call(page, 'saveBig', b, 'progress', 5, 10 * MB);
      ok(saved, 'saveBig');
      const loaded = await call(page, 'loadBig', b, 'progress');
      assert.equal(ok(loaded, 'loadBig'), { gen: 5, size: 10 * MB, intact: true });
      for (const [what, calls] of [['save', saved.progress], ['load', loaded.progress]] as const) {
        assert.ok(calls.length >= 3, `${what}: ${calls.length} calls`);
        const total = calls[0]![1];
        assert.ok(total > 10 * MB, `${what}: total ${total}`);
        let last = 0;
        for (const [d, t] of calls) {
          assert.is(t, total);
          assert.ok(d >= last && d - last <= 4 * MB, `${what}: ${last} -> ${d}`);
          last = d;
        }
        assert.is(last, total, `${what}: the last call is (total, total)`);
      }
      ok(await call(page, 'del', b, 'progress'), 'delete');
    });

    test(`${b}: an onProgress that throws aborts the save with its own error; the old save stays`, async () => {
      ready();
      ok(await call(page, 'saveBig', b, 'stopped', 1, MB), 'the first save');
      const r = await call(page, 'progressThrows', b, 'stopped', 2);
      assert.ok('error' in r, 'the save fails');
      const e = (r as { error: { code?: string; message: string } }).error;
      assert.equal([e.code, e.message], [undefined, 'stop here'], 'the callback\'s error, not IO');
      assert.equal(ok(await call(page, 'loadBig', b, 'stopped'), 'load'), { gen: 1, size: MB, intact: true });
      if (b === 'opfs') assert.equal((await call(page, 'opfsFiles')).filter((f) => f.includes('stopped')), ['stopped.1.sp'], 'no temporary left');
      ok(await call(page, 'del', b, 'stopped'), 'delete');
    });

    test(`${b}: a QuotaExceededError (a small quota; injected for IDB) rejects with IO and the cause, and leaves the old slot intact`, async () => {
      ready();
      ok(await call(page, 'saveBig', b, 'quota', 1, MB), 'the first save');
      const before = ok(await call(page, 'list', b), 'list').find((s) => s.name === 'quota');
      const { usage } = await call(page, 'estimate');
      const cdp = await chrome!.context.newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 3 * MB });
      try {
        // OPFS: the quota override is enforced; IndexedDB ignores it, so there the failure is injected.
        if (b === 'idb') await call(page, 'injectIdbQuota', 6);
        const r = await call(page, 'saveBig', b, 'quota', 2, 12 * MB);
        assert.ok('error' in r, 'the save over the quota fails');
        const e = (r as { error: { code?: string; name?: string; message: string } }).error;
        assert.is(e.code, 'IO', e.message);
        assert.is(e.name, 'QuotaExceededError', e.message);
        assert.match(e.message, /previous save is unchanged/);
        assert.equal(ok(await call(page, 'loadBig', b, 'quota'), 'load after the failure'), { gen: 1, size: MB, intact: true });
        assert.equal(ok(await call(page, 'list', b), 'list').find((s) => s.name === 'quota'), before, 'the listing is unchanged');
        if (b === 'opfs') assert.equal((await call(page, 'opfsFiles')).filter((f) => f.includes('quota')), ['quota.1.sp'], 'no temporary left');
        // within the quota, saving works again
        ok(await call(page, 'saveBig', b, 'quota', 3, MB), 'a save that fits');
      } finally {
        await cdp.send('Storage.overrideQuotaForOrigin', { origin });
        await cdp.detach();
      }
      assert.equal(ok(await call(page, 'loadBig', b, 'quota'), 'load'), { gen: 3, size: MB, intact: true });
      ok(await call(page, 'del', b, 'quota'), 'delete');
    });
  }
});

test.run();
