// `npm run test:all`: every step in turn (type check, the fast suites, the slow ones, the no-WASM
// rerun), each even after an earlier one failed, so that one run reports every count. Exits 1 when
// any step failed, naming them.
import { spawnSync } from 'node:child_process';

const steps = ['typecheck', 'test:fast', 'test:slow', 'test:no-wasm'];
const win = process.platform === 'win32';
const failed = [];
for (const step of steps) {
  const r = spawnSync(win ? 'npm.cmd' : 'npm', ['run', step], { stdio: 'inherit', shell: win });
  if (r.status !== 0) failed.push(step);
}
if (failed.length) {
  console.error(`\ntest:all: failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
