// Bundles the compat test apps with esbuild and serves them on 127.0.0.1.
//
// `@azure/communication-calling` is never bundled from npm: every import of it is aliased to
// the package under test, the directory named by BR_PKG (default: ../../pkg, the package that
// `bash scripts/build-pkg.sh` builds). The alias goes through a symlink
// node_modules/.br-alias/breakout-rooms -> $BR_PKG, so the package's own package.json
// (exports, conditions, module/main) decides which files are loaded, as in a real app.
// The bundle is ESM with code splitting, so a lazily imported engine stays a separate chunk;
// files the package fetches at run time (e.g. its .wasm via new URL(..., import.meta.url))
// are served from BR_PKG when the bundle directory does not have them.
//
//   node build.mjs            build every app into out/ and print the result
//   node build.mjs --serve    build, then serve out/ (and BR_PKG) until interrupted
//
// From a test: `const { outDir, errors } = await buildApps(); const server = await serve(outDir);`
import * as esbuild from 'esbuild';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, copyFileSync, statSync, readlinkSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const PKG_DIR = resolve(HERE, process.env.BR_PKG ?? '../../pkg');
const ALIAS_ROOT = join(HERE, 'node_modules', '.br-alias');

/** The apps: entry point (bundled) and its HTML page (copied). */
export const APPS = {
  composite: { entry: join(HERE, 'app', 'composite.jsx'), html: join(HERE, 'app', 'composite.html') },
  quickstart: { entry: join(HERE, 'quickstart', 'app.js'), html: join(HERE, 'quickstart', 'index.html') },
};

function linkPackage(pkgDir) {
  mkdirSync(ALIAS_ROOT, { recursive: true });
  const link = join(ALIAS_ROOT, 'breakout-rooms');
  try {
    if (readlinkSync(link) === pkgDir) return;
  } catch { /* absent */ }
  rmSync(link, { force: true, recursive: false });
  symlinkSync(pkgDir, link, 'dir');
}

/**
 * Builds the named apps (default: all) into outDir. Never throws on a bundling error:
 * returns { ok, errors: [{ app, text, location }], warnings, outDir }.
 */
export async function buildApps({ pkgDir = PKG_DIR, outDir = join(HERE, 'out'), apps = Object.keys(APPS).filter((a) => existsSync(APPS[a].entry)), nodeEnv = 'development' } = {}) {
  if (!existsSync(join(pkgDir, 'package.json'))) {
    return { ok: false, outDir, warnings: [], errors: [{ app: '*', text: `no package at ${pkgDir} (set BR_PKG or run bash scripts/build-pkg.sh)` }] };
  }
  linkPackage(pkgDir);
  rmSync(outDir, { recursive: true, force: true });
  const errors = [];
  const warnings = [];
  for (const app of apps) {
    const { entry, html } = APPS[app];
    const dir = join(outDir, app);
    mkdirSync(dir, { recursive: true });
    try {
      const result = await esbuild.build({
        entryPoints: { app: entry },
        absWorkingDir: HERE,
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'browser',
        target: process.env.COMPAT_TARGET ?? 'es2020', // es2020: no top-level await (SPEC 5a)
        outdir: dir,
        sourcemap: 'linked',
        jsx: 'automatic',
        logLevel: 'silent',
        alias: { '@azure/communication-calling': 'breakout-rooms' },
        nodePaths: [ALIAS_ROOT],
        define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv), global: 'globalThis' },
        // Optional peers of @azure/communication-react that a call-only app never reaches: the
        // chat stateful client imports ChatClient, the effect resolvers import the effects
        // package. Both are imported by modules that tree-shaking drops, so marking them
        // external leaves no reference in the output (checked below); nothing is stubbed.
        external: OPTIONAL_PEERS,
        metafile: true,
        loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
      });
      for (const [file, out] of Object.entries(result.metafile.outputs)) {
        for (const imp of out.imports) {
          if (OPTIONAL_PEERS.includes(imp.path)) errors.push({ app, text: `${file} still imports the optional peer ${imp.path}` });
        }
      }
      warnings.push(...result.warnings.map((w) => ({ app, text: w.text, location: w.location })));
      copyFileSync(html, join(dir, 'index.html'));
    } catch (e) {
      for (const err of e.errors ?? [{ text: String(e) }]) errors.push({ app, text: err.text, location: err.location });
    }
  }
  return { ok: errors.length === 0, errors, warnings, outDir, pkgDir, apps };
}

const OPTIONAL_PEERS = ['@azure/communication-chat', '@azure/communication-calling-effects'];

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json', '.json': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css', '.d.ts': 'text/plain' };

/**
 * Serves outDir at / (each app at /<app>/) on 127.0.0.1; a path not found there is looked up
 * in pkgDir (by its file name inside the app folder, or its path from /pkg/).
 * Resolves to { url, close() }.
 */
export function serve(outDir = join(HERE, 'out'), pkgDir = PKG_DIR, port = 0) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const candidates = [];
    if (path.startsWith('/pkg/')) candidates.push(join(pkgDir, path.slice(5)));
    else {
      candidates.push(join(outDir, path.endsWith('/') ? path + 'index.html' : path));
      const rest = path.split('/').slice(2).join('/');
      if (rest) candidates.push(join(pkgDir, rest));
    }
    for (const file of candidates) {
      const root = file.startsWith(outDir + sep) ? outDir : pkgDir;
      if (!resolve(file).startsWith(resolve(root) + sep)) continue;
      if (existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(readFileSync(file));
        return;
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  return new Promise((ok) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      ok({ url: `http://127.0.0.1:${p}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await buildApps();
  console.log(`package under test: ${PKG_DIR}`);
  for (const e of result.errors) console.log(`ERROR [${e.app}] ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
  console.log(result.ok ? `built ${result.apps.join(', ')} into ${result.outDir}` : `${result.errors.length} build error(s)`);
  if (process.argv.includes('--serve') && result.ok) {
    const { url } = await serve(result.outDir);
    console.log(`serving ${url}/composite/ and ${url}/quickstart/`);
  } else if (!result.ok) process.exitCode = 1;
}
