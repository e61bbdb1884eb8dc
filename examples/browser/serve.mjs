// Serves the example page on http://localhost:8080/ (OPFS and IndexedDB need a secure context;
// localhost is one): the files of examples/browser/, and /savepack.js = dist/browser/savepack-browser.js.
//
//   npm run build && node examples/browser/serve.mjs [port]

import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const bundle = join(here, '../../dist/browser/savepack-browser.js');
if (!existsSync(bundle)) {
  console.error(`${bundle} is missing: run \`npm run build\` first.`);
  process.exit(1);
}
const files = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/game.js': ['game.js', 'text/javascript; charset=utf-8'],
  '/savepack.js': [bundle, 'text/javascript; charset=utf-8'],
};
const port = Number(process.argv[2] ?? 8080);
createServer((req, res) => {
  const f = files[new URL(req.url ?? '/', 'http://localhost').pathname];
  if (!f) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': f[1], 'cache-control': 'no-store' });
  res.end(readFileSync(f[0].startsWith('/') ? f[0] : join(here, f[0])));
}).listen(port, 'localhost', () => console.log(`savepack example: http://localhost:${port}/`));
