// Every internal link resolves, anchors included: in docs/ (the guides and the API reference
// TypeDoc generated into docs/api/ by `make docs`) and in every Markdown file of the repository.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { brokenLinks } from './links.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('links', () => {
  it('the checker reports a missing file, a missing anchor and a missing heading slug', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-links-'));
    try {
      await mkdir(path.join(dir, 'api'));
      await writeFile(path.join(dir, 'api/page.html'), '<h2 id="there">x</h2><a href="../guide.md#a-heading-with-code">ok</a>');
      await writeFile(
        path.join(dir, 'guide.md'),
        '# Guide\n\n## A heading with `code`!\n\n[ok](api/page.html#there) [ok](#guide) [missing](api/none.html) ' +
          '[anchor](api/page.html#nowhere) [slug](#a-heading) [external](https://example.test/x)\n\n```md\n[in code](nowhere.md)\n```\n',
      );
      const files = [path.join(dir, 'guide.md'), path.join(dir, 'api/page.html')];
      const { broken, checked } = await brokenLinks(files, { root: dir });
      assert.equal(checked, 6);
      assert.deepEqual(
        broken.map((b) => `${b.href}: ${b.why}`),
        ['api/none.html: no such file', 'api/page.html#nowhere: no anchor #nowhere', '#a-heading: no anchor #a-heading'],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('every link in docs/, the API reference and the READMEs resolves', async () => {
    const markdown = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.includes('node_modules/'));
    const api = (await readdir(path.join(ROOT, 'docs/api'), { recursive: true }))
      .filter((f) => f.endsWith('.html'))
      .map((f) => path.join('docs/api', f));
    assert.ok(api.length > 100, `the API reference is built (make docs): ${api.length} pages`);
    assert.ok(markdown.includes('docs/getting-started.md') && markdown.includes('README.md'), String(markdown));
    const files = [...markdown, ...api].map((f) => path.join(ROOT, f));
    const { broken, checked } = await brokenLinks(files, { root: ROOT });
    assert.deepEqual(broken, [], `${broken.length} broken of ${checked} links`);
    assert.ok(checked > 1000, `links checked: ${checked}`);
  });
});
