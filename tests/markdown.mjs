// Code blocks out of the READMEs and docs/, so that tests run what a reader copies, as written.
//   codeBlocks(markdown)                      every fenced block: { lang, code, heading }
//   codeBlock(markdown, { heading, startsWith, lang })
//                                             the one block that matches; throws if none or several
// `heading` is the text of the nearest heading above the block; `startsWith` its first line.

/** Every fenced code block (``` or ~~~), with its info string's language and its heading. */
export function codeBlocks(markdown) {
  const blocks = [];
  let heading = '';
  let open = null;
  for (const line of markdown.split('\n')) {
    if (open) {
      if (line.trimStart().startsWith(open.fence) && line.trim() === open.fence.trim()) {
        blocks.push({ lang: open.lang, heading: open.heading, code: open.lines.join('\n') + '\n' });
        open = null;
      } else {
        open.lines.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
      }
      continue;
    }
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
    if (fence) {
      open = { indent: fence[1].length, fence: fence[2], lang: fence[3], heading, lines: [] };
      continue;
    }
    const title = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (title) heading = title[1];
  }
  if (open) throw new Error(`unclosed code block under "${open.heading}"`);
  return blocks;
}

/** The single block matching every criterion given; an error names what was looked for. */
export function codeBlock(markdown, { heading, startsWith, lang } = {}) {
  const found = codeBlocks(markdown).filter(
    (b) =>
      (heading === undefined || b.heading === heading) &&
      (startsWith === undefined || b.code.startsWith(startsWith)) &&
      (lang === undefined || b.lang === lang),
  );
  const what = JSON.stringify({ heading, startsWith, lang });
  if (found.length === 0) throw new Error(`no code block matches ${what}`);
  if (found.length > 1) throw new Error(`${found.length} code blocks match ${what}: make the text say which`);
  return found[0].code;
}
