// savepack — the public face. Re-exports only; nothing here may reach a Node built-in.

export { t } from './builders/t.ts';
export type {
  Infer, Schema, StructSchema, EnumSchema, UnionSchema, FieldDef, FieldOptions, TypedKind, TagSize,
  ArraySchema, VecSchema, OptionSchema, TupleSchema, MapSchema, TypedSchema, RecordsSchema, LazySchema,
  CustomSchema, BoolSchema, NumberSchema, BigIntSchema, StringSchema, BytesSchema, UnitSchema, CanarySchema,
  VarintSchema, VarBigSchema, FixedSchema, VarKind, VarBigKind, VersionedSchema, Generation,
} from './schema/types.ts';
export type { FirstGeneration, NextGeneration } from './builders/versioned.ts';
export { layout, type Layout } from './layout/packed.ts';
export { diffSchema, describeSchema } from './schema/diff.ts';
export { schemaAt } from './schema/project.ts';
export { encodeSchema, decodeSchema } from './schema/binary.ts';
export { codec } from './codec/codec.ts';
export type { Codec, CodecOptions, DecodeOptions } from './codec/api.ts';
export type { EncodeStreamOptions } from './codec/stream-encode.ts';
export type { CompressOption, DeflateLevel } from './format/compress.ts';
export type { Limits } from './wire/reader.ts';
export { setCompileDefault } from './codegen/mode.ts';
export { RecordArray } from './records/record-array.ts';
export { SavepackError, type ErrorCode } from './errors.ts';
export { kernelStatus } from './wasm/index.ts';
export { stateUnit, notSupported, type StateUnit, type StateUnitHooks, type StateUnitOptions } from './units/unit.ts';
export { snapshot, restore, type SnapshotOptions, type RestoreOptions, type RestoreResult } from './units/snapshot.ts';
export type { UnitTree, UnitLeaf } from './units/tree.ts';
export { blob, openBlob } from './units/blob.ts';
export type { StateBlob, BlobSchema } from './builders/blob.ts';
export { toProto } from './units/proto.ts';
export { fingerprint } from './schema/fingerprint.ts';
export { lock, checkLock, type Lock, type LockEntry } from './codec/lock.ts';
export { inspect, type Inspection } from './inspect/inspect.ts';
export { open, type SaveView } from './inspect/open.ts';
export type { InspectOptions, FileFacts } from './inspect/file.ts';
