import { BaseCommand } from "../../base-command.js";
import { settingsLines } from "../../settings-printer.js";

export default class UserMe extends BaseCommand {
  static override summary = "Who you are (on the server you are signed in to, or the local user) and your settings";
  static override examples = ["<%= config.bin %> user me", "<%= config.bin %> user me --json"];

  async run() {
    const binding = await this.binding();
    const { user, settings } = await binding.whoAmI();
    this.log(`user:             ${user.username} (${user.id})${user.role ? `, ${user.role}` : ""}`);
    this.log(`where:            ${binding.mode.kind === "remote" ? binding.mode.serverUrl : "local data"}`);
    for (const line of settingsLines(settings)) this.log(line);
    return { user, settings, mode: binding.mode.kind };
  }
}
