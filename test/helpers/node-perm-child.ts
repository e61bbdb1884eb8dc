// Runs the saveFile/loadFile calls given on the command line, in order, and prints each outcome as
// one line of JSON. The node tests start it under an unprivileged uid when they themselves run as
// root (root ignores file permissions, so permission failures cannot be seen in-process).
//   node --import tsx test/helpers/node-perm-child.ts load <path> [save <path> ...]

import { codec, SavepackError, t } from '../../src/index.ts';
import { fsErrorCode, loadFile, saveFile } from '../../src/node.ts';

const saves = codec(t.struct('test.Perm', { n: t.u32 }), { version: 0 });
const args = process.argv.slice(2);

for (let i = 0; i < args.length; i += 2) {
  const [op, path] = [args[i]!, args[i + 1]!];
  try {
    if (op === 'load') await loadFile(path, saves);
    else await saveFile(path, saves, { n: 2 });
    console.log(JSON.stringify({ ok: true }));
  } catch (e) {
    const s = e instanceof SavepackError;
    console.log(JSON.stringify({ ok: false, savepack: s, code: s ? e.code : undefined, fs: fsErrorCode(e), message: String((e as Error).message) }));
  }
}
