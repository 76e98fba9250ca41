import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class SettingsSetModel extends BaseCommand {
  static override summary = "Choose the model profile: simple (one fast model) or complex (fast collector, strong answer)";
  static override examples = ["<%= config.bin %> settings set-model complex"];
  static override args = { profile: Args.string({ required: true, options: ["simple", "complex"], description: "simple or complex" }) };

  async run() {
    const { args } = await this.parse(SettingsSetModel);
    const settings = await (await this.binding()).team.updateSettings({ modelProfile: args.profile as "simple" | "complex" });
    this.log(`profile: ${settings.modelProfile}`);
    return { settings };
  }
}
