// Bundles the JavaScript surface (js/) with the engine's wasm-bindgen glue into one minified
// ES module per entry: pkg/index.js (browsers and bundlers), pkg/node.js (Node, reads the
// wasm from disk), pkg/debug.js (the debug engine). Usage: node scripts/bundle.mjs <glue dir>
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from '../tools/node_modules/esbuild/lib/main.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const glue = path.resolve(root, process.argv[2] ?? 'target/glue');

// Each entry's glue for the in-page engine and for the one with transports; the debug
// engine has both in one.
const entries = [
  ['entry-browser.js', 'index.js', 'release/breakout_rooms.js', 'net/breakout_rooms_net.js'],
  ['entry-node.js', 'node.js', 'release/breakout_rooms.js', 'net/breakout_rooms_net.js'],
  ['entry-debug.js', 'debug.js', 'debug/breakout_rooms_debug.js', 'debug/breakout_rooms_debug.js'],
];

for (const [entry, out, engineGlue, netGlue] of entries) {
  await build({
    entryPoints: [path.join(root, 'js', entry)],
    outfile: path.join(root, 'pkg', out),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify: !out.startsWith('debug'),
    legalComments: 'none',
    external: ['node:*'],
    alias: {
      'breakout-rooms-glue': path.join(glue, engineGlue),
      'breakout-rooms-net-glue': path.join(glue, netGlue),
    },
    logLevel: 'warning',
  });
}
