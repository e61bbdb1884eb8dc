/// <reference types="node" preserve="true" />
// savepack/node — crash-safe saveFile / loadFile. The only module of the package that uses Node
// built-ins; the package root never imports it.

export { saveFile, type SaveOptions, type FileCodec } from './node/save.ts';
export { loadFile, type LoadOptions } from './node/load.ts';
export { fsErrorCode } from './node/errors.ts';
export { snapshotFile, restoreFile } from './node/snapshot.ts';
export { openLog } from './node/log-file.ts';
export type { Log, LogOptions, LogSlice, LogDamage } from './log/api.ts';
