/** The codes a {@link SavepackError} carries; each names one kind of failure. */
export type ErrorCode =
  | 'BAD_MAGIC'          // the bytes do not start with the savepack magic
  | 'UNSUPPORTED_FORMAT' // container format version this build cannot read
  | 'NEWER_VERSION'      // data version newer than the codec's current version
  | 'SCHEMA_MISMATCH'    // embedded schema differs from the codec's schema at that version
  | 'TRUNCATED'          // input ends before the data it declares
  | 'CHECKSUM'           // XXH64 trailer does not match the file
  | 'INVALID_DATA'       // bytes that no valid encoder writes (bad bool, enum, UTF-8, padding...)
  | 'LIMIT_EXCEEDED'     // a configured limit (bytes, depth, length) was hit
  | 'INVALID_VALUE'      // encode: the value does not fit the schema
  | 'INVALID_SCHEMA'     // a schema definition is inconsistent
  | 'NOT_SUPPORTED'      // the operation has no defined way (e.g. downgrade without revert)
  | 'MIGRATION_FAILED'   // a version migration threw (convert, a default function, onLoad); a custom type's decode throwing is INVALID_DATA
  | 'IO';                // savepack/node, savepack/browser: a storage step failed (`cause` is the Node or browser error)

/** The one error type savepack reports: a `code`, a `path` into the value or schema, and a message. */
export class SavepackError extends Error {
  /** What kind of failure this is. */
  readonly code: ErrorCode;
  /** Where in the value/schema it happened, e.g. `game.Player.history[12].x` ('' when not applicable). */
  readonly path: string;

  /** A failure of kind `code` at `path` ('' when none); the message reads `CODE at path: message`. */
  constructor(code: ErrorCode, message: string, path = '', options?: { cause?: unknown }) {
    super(path ? `${code} at ${path}: ${message}` : `${code}: ${message}`, options);
    this.name = 'SavepackError';
    this.code = code;
    this.path = path;
  }
}

/** Throws a {@link SavepackError}; typed `never` so callers can use it in expressions. */
export function fail(code: ErrorCode, message: string, path = '', cause?: unknown): never {
  throw new SavepackError(code, message, path, cause === undefined ? undefined : { cause });
}
