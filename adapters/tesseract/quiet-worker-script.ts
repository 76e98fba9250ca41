import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * The tesseract.js worker script behind a filter for Leptonica's diagnostics. Leptonica reports recoverable
 * oddities of an image region (`Error in pixScanForForeground: invalid box`) on stderr; they say nothing to a user
 * and read like failures in the middle of `docs add`. The filter runs in the worker thread, before the engine
 * binds `console.error`, and drops only lines of that shape; anything else the worker prints passes.
 */
export function quietWorkerScript(script = require.resolve("tesseract.js/src/worker-script/node/index.js")): URL {
  const source = `
    import { createRequire } from "node:module";
    const leptonica = /^(Error|Warning) in [A-Za-z_]\\w*: /;
    const error = console.error.bind(console);
    console.error = (...parts) => (typeof parts[0] === "string" && leptonica.test(parts[0]) ? undefined : error(...parts));
    createRequire(${JSON.stringify(script)})(${JSON.stringify(script)});
  `;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}
