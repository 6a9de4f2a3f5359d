// A tiny static file server for the browser tests and the benchmark: node:http only,
// bound to 127.0.0.1 on an ephemeral port. `const { url, close } = await start(root)`;
// always `await close()` (it also drops open keep-alive connections, so it stops at once).
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

const MIME = new Map([
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.cjs', 'text/javascript; charset=utf-8'],
  ['.wasm', 'application/wasm'],
  ['.html', 'text/html; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.map', 'application/json; charset=utf-8'],
  ['.ts', 'application/typescript; charset=utf-8'], // .d.ts too
  ['.md', 'text/markdown; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.txt', 'text/plain; charset=utf-8'],
]);

/** The Content-Type for a file name (`x.d.ts` is TypeScript; unknown types are bytes). */
export function mimeType(file) {
  return MIME.get(path.extname(file).toLowerCase()) ?? 'application/octet-stream';
}

/**
 * Serves `root` at `http://127.0.0.1:<port>/`. Resolves with `{ url, port, close }`;
 * `url` ends with '/'. Directories serve their index.html. Nothing outside `root` is served.
 */
export async function start(root) {
  const base = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      let file = path.resolve(base, '.' + decodeURIComponent(pathname));
      if (file !== base && !file.startsWith(base + path.sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': mimeType(file),
        'Content-Length': info.size,
        // Every load is a fresh load: no HTTP cache, so no cached compiled code either.
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch {
      if (!res.headersSent) res.writeHead(400).end('bad request');
      else res.destroy();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address();
  let closing;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
