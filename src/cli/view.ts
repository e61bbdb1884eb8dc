/// <reference types="node" preserve="true" />
// `savepack view <file> [--port n] [--no-open]`: serves the web viewer's static files (dist/viewer/,
// next to this command's own folder) and the file on 127.0.0.1, prints the URL, opens it in the
// default browser unless --no-open, and runs until Ctrl-C. Only these routes answer; nothing is
// read outside the viewer folder and the one file.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, sep } from 'node:path';
import { parseArgs, UsageError } from './args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from './exit.ts';
import { fileArgs, readSave } from './input.ts';

/** Usage text of the view command. */
export const VIEW_USAGE = 'savepack view <file> [--port <n>] [--no-open]';

/** The viewer's files, by URL path: file name in the viewer folder and content type. */
const STATIC: Record<string, [string, string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/viewer.js': ['viewer.js', 'text/javascript; charset=utf-8'],
  '/viewer.css': ['viewer.css', 'text/css; charset=utf-8'],
};

/** Where the built viewer lives: `viewer/` next to the folder of the running CLI script (`dist/cli/savepack.js` -> `dist/viewer/`). */
function viewerDir(): string {
  return join(dirname(realpathSync(process.argv[1] ?? '.')), '..', 'viewer', sep);
}

/** Opens `url` in the default browser (best effort: a failure only prints the URL again). */
function openBrowser(url: string, io: Io): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => io.err(`savepack view: could not start a browser (${cmd}); open ${url}\n`));
    child.unref();
  } catch {
    io.err(`savepack view: could not start a browser; open ${url}\n`);
  }
}

/** Runs the view command: resolves once the server has closed (Ctrl-C / SIGTERM). */
export async function runView(argv: readonly string[], io: Io): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { port: 'value', 'no-open': true });
  const [file] = fileArgs(positionals, 1, 'a save file');
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got ${String(flags.port)}`);
  readSave(file!); // fail now (exit 1) rather than in the page when the file is unreadable
  const dir = viewerDir();
  const assets = new Map<string, { type: string; body: Buffer }>();
  for (const [route, [name, type]] of Object.entries(STATIC)) {
    const p = `${dir}${name}`;
    if (!existsSync(p)) {
      io.err(`savepack view: the viewer's files are missing (${p}); build the package first (npm run build)\n`);
      return EXIT_FAILED;
    }
    assets.set(route, { type, body: readFileSync(p) });
  }
  const name = basename(file!);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, headers); res.end(); return; }
    if (path === '/file') {
      // Read per request: reloading the page shows the file as it is now.
      let body: Uint8Array;
      try { body = readSave(file!); } catch (e) { res.writeHead(404, { ...headers, 'content-type': 'text/plain' }); res.end((e as Error).message); return; }
      res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.end(body);
      return;
    }
    const asset = assets.get(path);
    if (!asset) { res.writeHead(path === '/favicon.ico' ? 204 : 404, headers); res.end(); return; }
    // The page runs the viewer's own script only: no inline code, nothing from elsewhere.
    res.writeHead(200, { ...headers, 'content-type': asset.type, 'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:" });
    res.end(asset.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new UsageError(`cannot listen on 127.0.0.1:${port}: ${e.message}`)));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?file=/file&name=${encodeURIComponent(name)}`;
  io.out(`savepack view: serving ${file} at ${url}\n(Ctrl-C to stop)\n`);
  if (!flags['no-open']) openBrowser(url, io);
  await new Promise<void>((resolve) => {
    const stop = () => { server.close(() => resolve()); server.closeAllConnections(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT_OK;
}
