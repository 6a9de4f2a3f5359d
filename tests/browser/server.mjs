// The static file server for the browser tests and the benchmark: scripts/serve.mjs with
// one folder at `/`, on an ephemeral 127.0.0.1 port. `const { url, close } = await start(root)`;
// always `await close()`. Every load is a fresh load: no HTTP cache, so no cached compiled code either.
import { serve } from '../../scripts/serve.mjs';

export { mimeType } from '../../scripts/serve.mjs';

export const start = (root) => serve({ mounts: [['/', root]], port: 0, cacheControl: 'no-store' });
