// The dedicated worker of test/browser-log.test.ts: runs ops from log-ops.ts on request (there
// openLog writes through a FileSystemSyncAccessHandle) and posts results and `say` lines back.

import { ops, setSay } from './log-ops.ts';

setSay((line) => postMessage({ say: line }));
onmessage = async (e: MessageEvent<{ id: number; op: keyof typeof ops; args: unknown[] }>) => {
  const { id, op, args } = e.data;
  const r = await (ops[op] as (...a: unknown[]) => Promise<unknown>)(...args);
  postMessage({ id, result: r });
};
