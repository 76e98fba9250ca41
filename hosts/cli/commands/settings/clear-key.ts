import { BaseCommand } from "../../base-command.js";

export default class SettingsClearKey extends BaseCommand {
  static override summary = "Remove your stored model key (and your own server)";
  static override description = "Runs then use the deployment's model and key, or evidence-only mode without one.";
  static override examples = ["<%= config.bin %> settings clear-key"];

  async run() {
    const settings = await (await this.binding()).team.setModelKey(null);
    this.log("your model key is removed");
    return { settings };
  }
}
