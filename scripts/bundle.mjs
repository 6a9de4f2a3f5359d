// Bundles the JavaScript surface (js/) with the engine's wasm-bindgen glue into one minified
// ES module per entry: pkg/index.js (browsers and bundlers), pkg/node.js (Node, reads the
// wasm from disk), pkg/debug.js (the debug engine). The transports' engine glue is a module
// of its own, pkg/breakout_rooms_net.js, which index.js and node.js import only when a
// CallClient needs it: most pages never load it. Usage: node scripts/bundle.mjs <glue dir>
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from '../tools/node_modules/esbuild/lib/main.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const glue = path.resolve(root, process.argv[2] ?? 'target/glue');

const common = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  legalComments: 'none',
  external: ['node:*'],
  logLevel: 'warning',
};

// `import('breakout-rooms-net-glue')` stays an import of the module beside the entry.
const netGlueBeside = {
  name: 'net-glue-beside',
  setup(on) {
    on.onResolve({ filter: /^breakout-rooms-net-glue$/ }, () => ({ path: './breakout_rooms_net.js', external: true }));
  },
};

// Each entry and the engine glue it bundles; the debug engine has the transports in one.
const entries = [
  ['entry-browser.js', 'index.js', 'release/breakout_rooms.js'],
  ['entry-node.js', 'node.js', 'release/breakout_rooms.js'],
  ['entry-debug.js', 'debug.js', 'debug/breakout_rooms_debug.js'],
];

for (const [entry, out, engineGlue] of entries) {
  await build({
    ...common,
    entryPoints: [path.join(root, 'js', entry)],
    outfile: path.join(root, 'pkg', out),
    minify: !out.startsWith('debug'),
    alias: { 'breakout-rooms-glue': path.join(glue, engineGlue) },
    plugins: [netGlueBeside],
  });
}

await build({
  ...common,
  entryPoints: [path.join(glue, 'net/breakout_rooms_net.js')],
  outfile: path.join(root, 'pkg', 'breakout_rooms_net.js'),
  minify: true,
});
