#!/usr/bin/env node
/// <reference types="node" preserve="true" />
// The savepack command line (`npx savepack <command> ...`, the package's `bin`). One file per
// command in src/cli/, dispatched by main.ts; exit codes: 0 ok, 1 an invalid file, a failed check
// or files that differ (the SavepackError's code on stderr), 2 usage.

import type { Io } from './exit.ts';
import { main } from './main.ts';
import { styleFor } from './style.ts';

const io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
main(process.argv.slice(2), io, styleFor(process.stdout.isTTY)).then((code) => { process.exitCode = code; });
