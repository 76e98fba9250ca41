import { BaseCommand } from "../../base-command.js";
import { settingsLines } from "../../settings-printer.js";

export default class SettingsShow extends BaseCommand {
  static override summary = "Show your settings (your model key itself is never shown)";
  static override description = "Show your settings (the API key itself is never shown)";
  static override examples = ["<%= config.bin %> settings show", "<%= config.bin %> settings show --json"];

  async run() {
    const settings = await (await this.binding()).team.getSettings();
    for (const line of settingsLines(settings)) this.log(line);
    return { settings };
  }
}
