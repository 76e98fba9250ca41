import { BaseCommand } from "../../base-command.js";
import { settingsLines } from "../../settings-printer.js";

export default class UserSettings extends BaseCommand {
  static override summary = "Show your settings (the seed's name for `settings show`)";
  static override examples = ["<%= config.bin %> user settings --json"];

  async run() {
    const settings = await (await this.binding()).team.getSettings();
    for (const line of settingsLines(settings)) this.log(line);
    return { settings };
  }
}
