import { Flags } from "@oclif/core";
import { readEnvironment } from "../../../composition/read-environment.js";
import { openDeployment } from "../../../composition/deployment.js";
import { startHttpServer } from "../../http/start-http-server.js";
import { BaseCommand } from "../base-command.js";

export default class Serve extends BaseCommand {
  static override summary = "Start the HTTP server for a team (REST, SSE and the docs page)";
  static override description =
    "Zero config: the same embedded data as local mode unless AIZOOMDOC_DATABASE_URL, the S3 settings or GEMINI_API_KEY say otherwise. Stops gracefully on SIGTERM/SIGINT.";
  static override examples = ["<%= config.bin %> serve", "<%= config.bin %> serve --host 0.0.0.0 --port 8080"];
  static override flags = {
    host: Flags.string({ description: "address to listen on (default 127.0.0.1, or HOST)" }),
    port: Flags.integer({ min: 0, max: 65_535, description: "port (default 8000, or PORT; 0 picks a free one)" }),
  };

  async run() {
    const { flags } = await this.parse(Serve);
    const { configuration, server: environment, logLevel } = readEnvironment();
    const dataDir = (flags["data-dir"] as string | undefined) ?? configuration.dataDir;
    const deployment = await openDeployment({ ...configuration, dataDir }, { warn: (message) => this.logToStderr(`warning: ${message}`) });
    const running = await startHttpServer(deployment, environment, {
      host: flags.host ?? environment.host ?? "127.0.0.1",
      port: flags.port ?? environment.port ?? 8000,
      version: this.config.version,
      logLevel: logLevel === "warn" ? "info" : logLevel,
    });
    this.logToStderr(`aizoomdoc server on ${running.url} (docs ${running.url}/docs, data ${dataDir})`);
    await new Promise<void>((resolve) => {
      const stop = () => void running.close().then(resolve, resolve);
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    });
    return { url: running.url };
  }
}
