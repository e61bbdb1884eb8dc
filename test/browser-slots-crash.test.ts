// savepack/browser crash safety in real headless Chromium (test/browser/slots-harness.ts; skipped
// without a Chromium): kills of the browser, its renderer or the page in the middle of large saves
// (test/browser/slots-crash.ts), after each of which the slot must load as the previous or the new
// save, never a broken one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BACKENDS, CRASH_MB, KILLS, MB, call, chrome, ok, openPage, ready, slotSuite, start } from './browser/slots-harness.ts';
import { crashLoop } from './browser/slots-crash.ts';

slotSuite(() => {
  test(`crash safety: ${KILLS} kills (browser SIGKILL, renderer crash, page close) in the middle of ${CRASH_MB} MB saves; every load is the previous or the new save, whole`, async () => {
    ready();
    const t0 = Date.now();
    const seed = Number(process.env.SAVEPACK_CRASH_SEED ?? Date.now() % 1e9);
    const st = await crashLoop({
      chrome: () => chrome!,
      restart: start,
      openPage: (init) => openPage(init),
      call,
    }, KILLS, CRASH_MB * MB, seed);
    console.log(`\n  crash test (seed ${seed}): ${st.kills} kills (browser ${st.kinds.browser}, renderer ${st.kinds.renderer}, page ${st.kinds.page}; `
      + `opfs ${st.backends.opfs} (${st.noMove} of them without move()), idb ${st.backends.idb}; ${st.duringWrite} aimed inside the write, ${st.afterWrite} after its last byte): `
      + `the previous save loaded ${st.loadedPrevious} times, the new one ${st.loadedNew} times, broken ${st.failures.length} times; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (st.idbDiscarded) console.log(`  NOTE: ${st.idbDiscarded} browser SIGKILL(s) left Chromium discarding the whole IndexedDB on restart (the sentinel slot gone too; crbug.com/146284), not counted as failures`);
    const kinds = ['browser', 'renderer', 'page'] as const;
    console.log(`  new save loaded after: ${kinds.map((k) => `${k} ${st.newByKind[k]}/${st.kinds[k]}`).join(', ')}; ms per kill + reopen + load: ${kinds.map((k) => `${k} ${Math.round(st.msByKind[k] / Math.max(1, st.kinds[k]))}`).join(', ')}`);
    assert.equal(st.failures, []);
    assert.is(st.kills, KILLS);
    assert.ok(st.loadedPrevious > 0 && st.loadedNew > 0, 'kills landed both before and after saves took effect');
    // one more save cleans what the kills left: one file for the slot in OPFS
    const page = await openPage();
    for (const b of BACKENDS) ok(await call(page, 'saveBig', b, 'crash', 999_999, MB), `a save after the kills (${b})`);
    // Files the next save leaves behind: after a browser SIGKILL, Chromium can bring back a killed
    // tab's file after that save has listed the directory (seen as a stray older generation), so
    // they are counted, not failed; what must hold is that the slot loads the newest save.
    const files = (await call(page, 'opfsFiles')).filter((f) => f.includes('crash'));
    console.log(`  after the next save: ${files.length} OPFS file(s) for the slot (${files.join(', ')})`);
    for (const b of BACKENDS) assert.equal(ok(await call(page, 'loadBig', b, 'crash'), 'load'), { gen: 999_999, size: MB, intact: true });
  });
});

test.run();
