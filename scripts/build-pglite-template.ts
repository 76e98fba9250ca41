import { writeShippedTemplate } from "../adapters/local/pglite-template.js";

/**
 * `npm run build`'s step that ships the migrated PGlite database a new local data dir starts from
 * (dist/pglite-template/<key>.tar.gz), so a first command on a fresh machine skips initdb.
 */
const started = performance.now();
const file = await writeShippedTemplate();
console.error(`PGlite template ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
