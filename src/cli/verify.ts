// `savepack verify <file...> [--require-checksum] [--json]`: the full check of files without their
// codec: the header, the checksum (when the file has one), the schema section, and a complete
// decode of the value by that schema. Exit 0 when every file holds; 1 when one does not, with its
// SavepackError (code, path, message) on stderr, and with --json one JSON line per file on stdout.

import { SavepackError } from '../errors.ts';
import { COMPRESSION, COMPRESSION_MASK, COMPRESSION_SHIFT, FLAG_CHECKSUM } from '../format/header.ts';
import { inspect } from '../inspect/inspect.ts';
import { parseArgs, UsageError } from './args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from './exit.ts';
import { readSave } from './input.ts';
import { typeText } from './schema-text.ts';
import type { Style } from './style.ts';

/** Usage text of the verify command. */
export const VERIFY_USAGE = 'savepack verify <file...> [--require-checksum] [--json]';

/** Runs the verify command; returns the exit code. */
export async function runVerify(argv: readonly string[], io: Io, style: Style): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { 'require-checksum': true, json: true });
  if (!positionals.length) throw new UsageError('a save file expected');
  let failed = 0;
  for (const file of positionals) {
    try {
      const bytes = readSave(file);
      const x = inspect(bytes, { requireChecksum: flags['require-checksum'] === true });
      const checksum = (x.flags & FLAG_CHECKSUM) !== 0;
      const deflated = (x.flags & COMPRESSION_MASK) >> COMPRESSION_SHIFT === COMPRESSION.deflate;
      if (flags.json) {
        io.out(`${JSON.stringify({ ok: true, file, dataVersion: x.dataVersion, checksum, compression: deflated ? 'deflate' : 'none', fileBytes: bytes.length, type: typeText(x.schema) })}\n`);
      } else {
        const sum = checksum ? 'checksum verified' : 'no checksum in the file (not verified)';
        io.out(`${style.good('ok')} ${file}: data version ${x.dataVersion}, ${bytes.length} bytes, ${sum}, ${deflated ? 'deflated, ' : ''}value of ${typeText(x.schema)} decoded in full\n`);
      }
    } catch (e) {
      if (!(e instanceof SavepackError)) throw e;
      failed++;
      if (flags.json) io.out(`${JSON.stringify({ ok: false, file, code: e.code, path: e.path, message: e.message })}\n`);
      io.err(`savepack verify: ${positionals.length > 1 ? `${file}: ` : ''}${e.message}\n`);
    }
  }
  return failed ? EXIT_FAILED : EXIT_OK;
}
