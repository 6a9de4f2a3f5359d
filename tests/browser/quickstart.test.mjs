// Every quick start a reader can copy, run exactly as written: the code block under the
// "Quick start" heading of the package README (as pkg/ ships it) and of any other Markdown
// file in the repository (docs/getting-started.md), as a page's module script with an import
// map, in headless Chromium. Two participants: Bob's assignment and move must be seen.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from '../../scripts/serve.mjs';
import { codeBlocks } from '../markdown.mjs';
import { assertQuickStartEvents, quickStartInBrowser } from '../quickstart.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><link rel="icon" href="data:,"><title>Quick start</title>
<script type="importmap">{ "imports": { "breakout-rooms": "/pkg/index.js" } }</script>
<script type="module" src="/quickstart.js"></script>
</head>
<body></body>
</html>
`;

// The package README as shipped, then every tracked Markdown file: the blocks under a
// "Quick start" heading.
const quickStarts = [
  'pkg/README.md',
  ...execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !f.includes('node_modules/') && f !== 'pkg-template/README.md'),
].flatMap((file) =>
  codeBlocks(readFileSync(path.join(ROOT, file), 'utf8'))
    .filter((b) => b.heading === 'Quick start')
    .map((b) => ({ file, code: b.code })),
);

describe('quick starts, verbatim, in headless Chromium', () => {
  let site;
  let server;

  before(async () => {
    site = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-quickstart-'));
    await writeFile(path.join(site, 'index.html'), PAGE);
    server = await serve({ mounts: [['/pkg/', path.join(ROOT, 'pkg')], ['/', site]], port: 0, cacheControl: 'no-store' });
  });

  after(async () => {
    await server?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  it('the package README and docs/getting-started.md have one quick start each', () => {
    const files = quickStarts.map((q) => q.file);
    assert.deepEqual(files.filter((f) => f === 'pkg/README.md' || f === 'docs/getting-started.md'), ['pkg/README.md', 'docs/getting-started.md']);
    assert.equal(new Set(files).size, files.length, `one per file: ${files}`);
  });

  for (const { file, code } of quickStarts) {
    it(`${file}: the quick start runs as written; Bob is assigned and moved`, async () => {
      await writeFile(path.join(site, 'quickstart.js'), code);
      assertQuickStartEvents(await quickStartInBrowser(server.url));
    });
  }
});
