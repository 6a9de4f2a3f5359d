// Every internal link of a set of Markdown and HTML files: which ones do not resolve.
//   const broken = await brokenLinks(files, { root })   // [{ from, href, why }]
// A link resolves when its file exists (under `root`) and, if it has a #fragment, the target
// has that anchor: a heading's GitHub slug in Markdown, an id or name in HTML. External
// links (with a scheme) are not fetched: this machine, and CI, have no network.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import GithubSlugger from '../../tools/docs/node_modules/github-slugger/index.js';
import MarkdownIt from '../../tools/docs/node_modules/markdown-it/index.mjs';

const markdown = new MarkdownIt({ html: true });

/** Links and anchors of a Markdown file, read with a real Markdown parser. */
function readMarkdown(text) {
  const links = [];
  const anchors = new Set();
  const slugger = new GithubSlugger();
  const tokens = markdown.parse(text, {});
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') {
      const inline = tokens[i + 1];
      const plain = inline.children.filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('');
      anchors.add(slugger.slug(plain));
    }
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') links.push(child.attrGet('href'));
      if (child.type === 'image') links.push(child.attrGet('src'));
      if (child.type === 'html_inline') links.push(...htmlLinks(child.content));
    }
    if (token.type === 'html_block') links.push(...htmlLinks(token.content));
  });
  return { links, anchors };
}

const htmlLinks = (html) => [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decodeEntities(m[1]));
const decodeEntities = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

/** Links and anchors of an HTML or SVG file (TypeDoc's, which quotes attributes with "). */
function readHtml(text) {
  const body = text.replace(/<script\b[\s\S]*?<\/script>/g, '');
  const anchors = new Set([...body.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => decodeEntities(m[1])));
  return { links: htmlLinks(body), anchors };
}

export async function brokenLinks(files, { root }) {
  const cache = new Map();
  const read = (file) => {
    if (!cache.has(file)) {
      cache.set(
        file,
        readFile(file, 'utf8').then(
          (text) => (file.endsWith('.md') ? readMarkdown(text) : /\.(html|svg)$/.test(file) ? readHtml(text) : { links: [], anchors: null }),
          () => null,
        ),
      );
    }
    return cache.get(file);
  };
  const broken = [];
  let checked = 0;
  for (const from of files) {
    const page = await read(from);
    if (!page) throw new Error(`cannot read ${from}`);
    for (const href of page.links) {
      if (!href || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue; // external
      checked += 1;
      const [target, fragment] = href.split('#');
      let file = target ? path.resolve(path.dirname(from), decodeURIComponent(target.split('?')[0])) : from;
      const why = (reason) => broken.push({ from: path.relative(root, from), href, why: reason });
      if (file !== root && !file.startsWith(root + path.sep)) {
        why('leaves the repository');
        continue;
      }
      const info = await stat(file).catch(() => null);
      if (!info) {
        why('no such file');
        continue;
      }
      if (info.isDirectory()) {
        const indexes = ['index.html', 'README.md'].map((name) => path.join(file, name));
        const found = await Promise.all(indexes.map((index) => stat(index).then(() => index, () => null)));
        file = found.find(Boolean);
        if (!file) {
          why('a folder without index.html or README.md');
          continue;
        }
      }
      if (fragment) {
        const targetPage = await read(file);
        if (!targetPage?.anchors) why('an anchor in a file that has none');
        else if (!targetPage.anchors.has(decodeURIComponent(fragment))) why(`no anchor #${fragment}`);
      }
    }
  }
  return { broken, checked };
}
