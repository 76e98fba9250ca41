import { BaseCommand } from "../../base-command.js";

export default class AuthHealth extends BaseCommand {
  static override summary = "Check that the server (or, in local mode, the local data) answers";
  static override examples = ["<%= config.bin %> auth health", "<%= config.bin %> auth health --local"];

  async run() {
    const binding = await this.binding();
    const health = await binding.health();
    const where = binding.mode.kind === "remote" ? binding.mode.serverUrl : "local data";
    this.log(`${where}: ${health.status}${health.version ? ` (version ${health.version})` : ""}`);
    return { mode: binding.mode.kind, ...(binding.mode.kind === "remote" ? { server: binding.mode.serverUrl } : {}), ...health };
  }
}
