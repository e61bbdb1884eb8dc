// `savepack schema <file> [--json]`: the schema a file carries, read from its schema section alone
// (the payload is not decoded), as indented text, or as JSON with its fingerprint.

import { open } from '../inspect/open.ts';
import { fingerprint } from '../schema/fingerprint.ts';
import { parseArgs } from './args.ts';
import { EXIT_OK, type Io } from './exit.ts';
import { fileArgs, readSave } from './input.ts';
import { schemaLines } from './schema-text.ts';
import type { Style } from './style.ts';

/** Usage text of the schema command. */
export const SCHEMA_USAGE = 'savepack schema <file> [--json]';

/** Runs the schema command; returns the exit code. */
export async function runSchema(argv: readonly string[], io: Io, style: Style): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { json: true });
  const [file] = fileArgs(positionals, 1, 'a save file');
  // open() checks the header, the checksum and the schema section; the payload is not decoded.
  const { facts, schema } = open(readSave(file!));
  if (flags.json) {
    io.out(`${JSON.stringify({ dataVersion: facts.dataVersion, fingerprint: fingerprint(schema), lines: schemaLines(schema) }, null, 2)}\n`);
    return EXIT_OK;
  }
  io.out(`${style.dim(`${file}: data version ${facts.dataVersion}`)}\n${schemaLines(schema).join('\n')}\n`);
  return EXIT_OK;
}
