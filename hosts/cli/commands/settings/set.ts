import { Flags } from "@oclif/core";
import type { PublicSettingsPatch } from "../../../../core/domain/user.js";
import { invalidInput } from "../../../../core/domain/errors.js";
import { BaseCommand } from "../../base-command.js";
import { settingsLines } from "../../settings-printer.js";

export default class SettingsSet extends BaseCommand {
  static override summary = "Change the settings applied to every `ask`";
  static override description = "Only the flags you give change; `settings reset` restores defaults.";
  static override examples = [
    "<%= config.bin %> settings set --profile complex --role engineer",
    "<%= config.bin %> settings set --temperature 0.2 --top-p 0.9 --thinking --thinking-budget 2048 --media-resolution high",
  ];
  static override flags = {
    profile: Flags.string({ options: ["simple", "complex"], description: "model profile" }),
    role: Flags.string({ description: "a built-in role or one of yours (`roles list`)" }),
    temperature: Flags.string({ description: "0..2" }),
    "top-p": Flags.string({ description: "0..1 (exclusive of 0)" }),
    thinking: Flags.boolean({ allowNo: true, description: "let the model think before answering" }),
    "thinking-budget": Flags.integer({ min: 0, description: "thinking tokens" }),
    "media-resolution": Flags.string({ options: ["low", "medium", "high"], description: "how finely the model sees images" }),
  };

  async run() {
    const { flags } = await this.parse(SettingsSet);
    const patch: PublicSettingsPatch = {
      ...(flags.profile ? { modelProfile: flags.profile as "simple" | "complex" } : {}),
      ...(flags.role !== undefined ? { role: flags.role } : {}),
      ...(flags.temperature !== undefined ? { temperature: Number(flags.temperature) } : {}),
      ...(flags["top-p"] !== undefined ? { topP: Number(flags["top-p"]) } : {}),
      ...(flags.thinking !== undefined ? { thinkingEnabled: flags.thinking } : {}),
      ...(flags["thinking-budget"] !== undefined ? { thinkingBudget: flags["thinking-budget"] } : {}),
      ...(flags["media-resolution"] ? { mediaResolution: flags["media-resolution"] as "low" | "medium" | "high" } : {}),
    };
    if (Object.keys(patch).length === 0) throw invalidInput("nothing to change: give at least one flag (see --help)");
    const settings = await (await this.binding()).team.updateSettings(patch);
    for (const line of settingsLines(settings)) this.log(line);
    return { settings };
  }
}
