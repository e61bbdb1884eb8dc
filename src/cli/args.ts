// A small argv parser for the CLI (no dependencies): positionals, boolean flags and flags with a
// value (`--name value` or `--name=value`). Anything unknown is a usage error (exit code 2).

/** A command-line mistake: the CLI prints it with the usage and exits with code 2. */
export class UsageError extends Error {
  /** A usage error with `message`. */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The flags a command accepts: `true` for a boolean flag, `'value'` for one that takes a value. */
export type FlagSpec = { readonly [name: string]: true | 'value' };

/** Parsed arguments: positionals in order, flags by name (a string, or true for boolean ones). */
export interface Parsed {
  /** Arguments that are not flags (after `--`, everything is one). */
  readonly positionals: string[];
  /** Flags given, by name without the dashes. */
  readonly flags: Record<string, string | true>;
}

/** Parses `argv` (without the node and script paths) against `spec`. */
export function parseArgs(argv: readonly string[], spec: FlagSpec): Parsed {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = Object.create(null);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('--') || a === '--') { positionals.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (Object.hasOwn(flags, name)) throw new UsageError(`--${name} given twice`);
    if (kind === true) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
    } else if (eq >= 0) {
      flags[name] = a.slice(eq + 1);
    } else {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      flags[name] = v;
    }
  }
  return { positionals, flags };
}
