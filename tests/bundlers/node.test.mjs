// Plain Node: the README quick start as a script (`import ... from 'breakout-rooms'` takes the
// `node` export condition), and importing either entry, as server-side rendering may, with
// fetch of the .wasm refused: importing must neither fetch nor throw.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { assertQuickStartEvents, prepareApp, run, until, writeAppFile } from './harness.mjs';

const trap = path.join(path.dirname(fileURLToPath(import.meta.url)), 'no-wasm-fetch.mjs');

describe('Node: the package from the tarball', () => {
  let app;

  it('runs the README quick start as a script: the events arrive', async () => {
    app = await prepareApp('node');
    await writeAppFile(app.dir, 'quickstart.js', app.quickStart);
    // The meeting keeps the process alive (its agents are not disposed): read until Bob's join.
    const child = spawn(process.execPath, [`--import=${trap}`, 'quickstart.js'], { cwd: app.dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let exited = null;
    child.on('exit', (code) => (exited = code));
    try {
      await until(() => exited !== null || /^Bob: join/m.test(stdout), `Bob's join in the output:\n${stdout}${stderr}`);
    } finally {
      child.kill();
    }
    assert.equal(exited, null, `the script ended early (${exited}):\n${stdout}${stderr}`);
    const problems = stderr.trim() ? stderr.trim().split('\n') : [];
    assertQuickStartEvents({ lines: stdout.split('\n'), problems });
  });

  for (const [entry, specifier] of [
    ['the node entry', 'breakout-rooms'],
    ['the browser entry (as some SSR layers import it)', './node_modules/breakout-rooms/index.js'],
  ]) {
    it(`importing ${entry} neither fetches nor throws, and leaves the process free to end`, async () => {
      const script = `
        const m = await import(${JSON.stringify(specifier)});
        if (typeof m.CallClient !== 'function' || m.Features.BreakoutRooms.name !== 'BreakoutRooms') {
          throw new Error('missing exports: ' + Object.keys(m));
        }
        console.log('imported');`;
      // `run` rejects on a non-zero exit (a throw) and times out if the import kept Node alive.
      const output = await run(process.execPath, [`--import=${trap}`, '--input-type=module', '-e', script], {
        cwd: app.dir,
        timeoutMs: 10_000,
      });
      assert.equal(output.trim(), 'imported', output);
    });
  }
});
