// Exit codes of the savepack CLI (documented in README, "Looking inside a save" > "Command line").

/** Everything went well. */
export const EXIT_OK = 0;
/** A SavepackError (an invalid or unreadable file), a failed check (`verify`, `lock --check`), or `diff` found differences. */
export const EXIT_FAILED = 1;
/** The command line itself is wrong (unknown command or option, missing argument, nothing to do). */
export const EXIT_USAGE = 2;

/** Where a command writes: text for stdout and for stderr (each ends its own lines). */
export interface Io {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
}
