// scripts/serve.mjs: what `make demo` runs. Serves www/ at `/` and pkg/ at `/pkg/` on
// 127.0.0.1, prints the URL, falls back to an ephemeral port when the one asked for is busy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serveDemo } from '../../scripts/serve.mjs';

const SERVE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/serve.mjs');

function rawGet(port, rawPath) {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: rawPath }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    request.on('error', reject);
  });
}

describe('scripts/serve.mjs', () => {
  let server;
  before(async () => {
    server = await serveDemo({ port: 0 });
  });
  after(() => server?.close());

  it('binds 127.0.0.1 on the port it reports', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(server.url, `http://127.0.0.1:${server.port}/`);
    assert.ok(server.port > 0);
  });

  it('serves the page at / and the package at /pkg/ with the right types', async () => {
    const types = {};
    // The glue is bundled into pkg/index.js now (issue 7): no pkg/breakout_rooms.js.
    for (const file of ['', 'app.js', 'style.css', 'pkg/index.js', 'pkg/breakout_rooms_bg.wasm']) {
      const response = await fetch(new URL(file, server.url));
      assert.equal(response.status, 200, file);
      types[file] = response.headers.get('content-type');
      await response.arrayBuffer();
    }
    assert.match(types[''], /^text\/html/);
    assert.match(types['app.js'], /^text\/javascript/);
    assert.match(types['style.css'], /^text\/css/);
    assert.match(types['pkg/index.js'], /^text\/javascript/);
    assert.equal(types['pkg/breakout_rooms_bg.wasm'], 'application/wasm');
    const html = await (await fetch(server.url)).text();
    assert.match(html, /"breakout-rooms": "\/pkg\/index\.js"/, 'the import map points at /pkg/index.js');
    // Every file the page preloads exists (a stale modulepreload would be a 404 in the console).
    for (const [, href] of html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)) {
      const response = await fetch(new URL(href, server.url));
      assert.equal(response.status, 200, `modulepreload ${href}`);
      await response.arrayBuffer();
    }
  });

  it('answers 304 to a revalidation, 404 to a missing file, and nothing outside www/ and pkg/', async () => {
    const first = await fetch(new URL('app.js', server.url));
    await first.arrayBuffer();
    const again = await fetch(new URL('app.js', server.url), { headers: { 'If-None-Match': first.headers.get('etag') } });
    assert.equal(again.status, 304);
    assert.equal((await fetch(new URL('nope.js', server.url))).status, 404);
    // Raw paths (fetch would normalise the dot segments away before sending them).
    for (const escape of ['/../Cargo.toml', '/pkg/../Cargo.toml', '/pkg/../../main/Makefile', '/..%2fMakefile', '/%2e%2e/Cargo.toml']) {
      const { status, body } = await rawGet(server.port, escape);
      assert.ok([403, 404].includes(status), `${escape}: ${status}`);
      assert.doesNotMatch(body, /\[package\]|^demo:/m, `${escape} leaked a file`);
    }
  });

  it('`node scripts/serve.mjs` prints "Demo: <url>", falling back from a busy $PORT', async () => {
    const busy = net.createServer();
    await new Promise((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const taken = busy.address().port;
    const child = spawn(process.execPath, [SERVE], { env: { ...process.env, PORT: String(taken) }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 10_000);
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const match = out.match(/^Demo: (http:\/\/127\.0\.0\.1:(\d+)\/)$/m);
          if (match) {
            clearTimeout(timer);
            resolve(match);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const port = Number(line[2]);
      assert.notEqual(port, taken, 'a busy port falls back to another');
      const response = await fetch(line[1]);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /<title>Breakout rooms demo<\/title>/);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
