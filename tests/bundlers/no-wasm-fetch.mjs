// Preloaded into servers and builds (`node --import`): a server that fetches the package's
// .wasm is doing what server-side rendering must never do (importing loads nothing), so such
// a fetch is reported on stderr and refused. Frameworks replace `fetch` with their own
// (Next.js does); whatever they set is wrapped too, so the check stays in front.
const wasm = /breakout_rooms[\w.-]*\.wasm/;

function guard(fetch) {
  return function fetchWithoutWasm(input, init) {
    const url = String(input?.url ?? input);
    if (wasm.test(url)) {
      process.stderr.write(`SERVER FETCHED THE WASM: ${url}\n`);
      return Promise.reject(new Error(`the server fetched ${url}`));
    }
    return fetch.call(this, input, init);
  };
}

let current = guard(globalThis.fetch);
Object.defineProperty(globalThis, 'fetch', {
  configurable: true,
  enumerable: true,
  get: () => current,
  set: (fetch) => {
    current = guard(fetch);
  },
});
