#!/usr/bin/env node
// A small static file server on 127.0.0.1 (node:http only), and the demo built on it:
// www/ at `/` and the built package (pkg/) at `/pkg/`.
//
//   node scripts/serve.mjs            # the demo; port from $PORT, else 8080; an ephemeral one if busy
//
// For tests: `const { url, close } = await serveDemo({ port: 0 })`, or any folders with
// `await serve({ mounts: [['/', dir]], port: 0 })`; then `await close()`.
// Nothing outside the mounted folders is served.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');
const PKG = path.join(ROOT, 'pkg');
const DEFAULT_PORT = 8080;

const MIME = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.cjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.wasm', 'application/wasm'],
  ['.json', 'application/json; charset=utf-8'],
  ['.map', 'application/json; charset=utf-8'],
  ['.ts', 'text/plain; charset=utf-8'], // .d.ts too: TypeScript, shown as text
  ['.md', 'text/markdown; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
  ['.txt', 'text/plain; charset=utf-8'],
]);

/** The Content-Type for a file name (unknown types are bytes). */
export const mimeType = (file) => MIME.get(path.extname(file).toLowerCase()) ?? 'application/octet-stream';

/**
 * Maps a URL path to `{ mount, file }` under the mount with the longest matching prefix,
 * or null if there is none or the path would leave that mount's folder.
 */
function resolve(mounts, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const mount = mounts.find(({ prefix }) => decoded.startsWith(prefix) || decoded === prefix.slice(0, -1));
  if (!mount) return null;
  const file = path.resolve(mount.dir, '.' + (decoded.slice(mount.prefix.length - 1) || '/'));
  if (file !== mount.dir && !file.startsWith(mount.dir + path.sep)) return null;
  return { mount, file };
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

async function handle(mounts, cacheControl, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const { pathname } = new URL(req.url, 'http://127.0.0.1');
  const target = resolve(mounts, pathname);
  if (!target) return send(res, 403, 'forbidden');
  let { file } = target;
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      res.writeHead(301, { Location: `${pathname}/` }).end();
      return;
    }
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return send(res, 404, `not found: ${pathname}${target.mount.hint}`);
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = {
    'Content-Type': mimeType(file),
    'Cache-Control': cacheControl,
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': info.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    const onError = (error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/**
 * Serves folders on 127.0.0.1. `mounts` lists `[urlPrefix, directory, notFoundHint?]`: a
 * request goes to the mount with the longest prefix (`/pkg/` also takes `/pkg`), and a
 * directory serves its index.html. `port` 0 picks an ephemeral port, and a busy port falls
 * back to one. `cacheControl` is sent with every file: the default 'no-cache' revalidates
 * each time (answered with 304 when the ETag matches); 'no-store' makes every load a full
 * fresh load. Resolves with `{ url, port, close }`; `url` ends with '/'. `close()` also
 * drops open keep-alive connections, so it stops at once.
 */
export async function serve({ mounts, port = 0, cacheControl = 'no-cache' }) {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${port}`);
  const table = mounts
    .map(([prefix, dir, hint = '']) => ({ prefix: prefix.endsWith('/') ? prefix : `${prefix}/`, dir: path.resolve(dir), hint }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  if (!table.every(({ prefix }) => prefix.startsWith('/'))) throw new Error('every mount prefix starts with /');
  const server = http.createServer((req, res) => {
    handle(table, cacheControl, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'server error');
      else res.destroy();
    });
  });
  try {
    await listen(server, port);
  } catch (error) {
    if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
    await listen(server, 0);
  }
  const actual = server.address().port;
  let closing;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/**
 * Starts the demo server: www/ at `/`, pkg/ at `/pkg/`. `port` defaults to $PORT or 8080;
 * see `serve` for the rest. Resolves with `{ url, port, close }`.
 */
export async function serveDemo({ port } = {}) {
  const wanted = port ?? (process.env.PORT !== undefined && process.env.PORT !== '' ? Number(process.env.PORT) : DEFAULT_PORT);
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) throw new Error(`invalid port: ${port ?? process.env.PORT}`);
  return serve({
    mounts: [
      ['/', WWW],
      ['/pkg/', PKG, ' (is the package built? run `make pkg`)'],
    ],
    port: wanted,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await stat(path.join(PKG, 'index.js')).catch(() => null);
  if (!built) console.warn('pkg/ is not built yet: run `make pkg` (or `make demo`, which builds it first).');
  const { url, close } = await serveDemo();
  console.log(`Demo: ${url}`);
  console.log('Serving www/ and pkg/ on 127.0.0.1 only. Press Ctrl+C to stop.');
  const stop = () => close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
