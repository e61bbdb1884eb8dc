// savepack/browser — named save slots in the browser's storage (Origin Private File System, or
// IndexedDB where it is missing). Re-exports only; nothing here may reach a Node built-in.

export { saveSlot, loadSlot, listSlots, deleteSlot, slotBackend, type SlotCodec, type SaveSlotOptions, type LoadSlotOptions, type BackendOption } from './browser/slots.ts';
export type { SlotInfo, SlotFileInfo, SlotBackend } from './browser/store.ts';
export { storageErrorName } from './browser/errors.ts';
export { checkSlotName, MAX_SLOT_NAME } from './browser/names.ts';
export { openLog, LOG_DIR } from './browser/log-opfs.ts';
export type { Log, LogOptions, LogSlice, LogDamage } from './log/api.ts';
