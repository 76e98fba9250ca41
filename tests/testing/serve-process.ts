import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Serve from "../../hosts/cli/commands/serve.js";

/**
 * `aizoomdoc serve` from the sources, as `bin/run.js serve` runs it from a build: the same command class, flags and
 * environment. Started by tests and benches (`node --import tsx`) that need real server processes.
 */
await Serve.run(process.argv.slice(2), join(dirname(fileURLToPath(import.meta.url)), "..", ".."));
