// What every app of the bundler matrix does: install the packed tarball, take the quick start
// and any bundler configuration from the README that tarball ships, build, and run it in
// headless Chromium until the attendee's breakout events have arrived.
//
// The apps' own dependencies (the bundlers) are installed from their committed lockfiles by
// `scripts/setup.sh bundlers`; the tarball is installed here, each run, without touching the
// lockfiles. The tarball is $BR_TARBALL (the Makefile packs pkg/ once), else packed here.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { codeBlock } from '../markdown.mjs';

export { assertQuickStartEvents, quickStartInBrowser } from '../quickstart.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
export const APPS = path.join(here, 'apps');

/** Runs a command; resolves with its output, or rejects with the output in the message. */
export function run(command, args, { cwd, env, timeoutMs = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code ?? signal}:\n${output}`));
    });
  });
}

let packed;
/** The package as npm would publish it: `npm pack` of pkg/. */
export function tarball() {
  packed ??= (async () => {
    if (process.env.BR_TARBALL) return path.resolve(process.env.BR_TARBALL);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-pack-'));
    const out = await run('npm', ['pack', path.join(ROOT, 'pkg'), '--pack-destination', dir, '--silent']);
    return path.join(dir, out.trim().split('\n').pop());
  })();
  return packed;
}

/**
 * Installs the tarball into an app (keeping its lockfile as committed) and returns the app's
 * folder and the README the tarball shipped, where its sample and configuration come from.
 */
export async function prepareApp(name) {
  const dir = path.join(APPS, name);
  await run('npm', ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', await tarball()], { cwd: dir });
  const readme = await readFile(path.join(dir, 'node_modules/breakout-rooms/README.md'), 'utf8');
  return { dir, readme, quickStart: codeBlock(readme, { heading: 'Quick start', lang: 'js' }) };
}

/** Writes a file of the app (its folders made as needed). */
export async function writeAppFile(dir, file, text) {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

/** Runs a README's shell block as written, in the app, with the app's tools on the PATH. */
export function runShellBlock(dir, block) {
  const bin = path.join(dir, 'node_modules/.bin');
  return run('bash', ['-euo', 'pipefail', '-c', block], { cwd: dir, env: { PATH: `${bin}:${process.env.PATH}` } });
}

/** A port free on 127.0.0.1 right now, for servers that cannot be given port 0. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `ready()` is truthy, or fails saying what it waited for. */
export async function until(ready, what, timeoutMs = 20_000) {
  const started = Date.now();
  for (;;) {
    const value = await ready();
    if (value) return value;
    if (Date.now() - started > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts a server command (a dev server, `next start`) in its own process group and waits
 * until `url` answers. `close()` ends that group, and only it.
 */
export async function startServer(command, args, { cwd, url, env }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = null;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  const close = async () => {
    if (exited !== null) return;
    const gone = new Promise((resolve) => child.on('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => exited === null && process.kill(-child.pid, 'SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };
  try {
    await until(async () => {
      if (exited !== null) throw new Error(`${command} exited ${exited}:\n${output}`);
      return fetch(url).then((r) => r.ok, () => false);
    }, `${command} ${args.join(' ')} to answer at ${url}; output so far:\n${output}`);
  } catch (error) {
    await close();
    throw error;
  }
  return { close, output: () => output };
}
