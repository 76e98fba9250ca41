import { Args } from "@oclif/core";
import type { PublicSettingsPatch } from "../../../../core/domain/user.js";
import { invalidInput } from "../../../../core/domain/errors.js";
import { BaseCommand } from "../../base-command.js";
import { settingsLines } from "../../settings-printer.js";

const FIELDS = {
  profile: "modelProfile",
  role: "role",
  temperature: "temperature",
  "top-p": "topP",
  thinking: "thinkingEnabled",
  "thinking-budget": "thinkingBudget",
  "media-resolution": "mediaResolution",
} as const satisfies Record<string, keyof PublicSettingsPatch>;

export default class SettingsReset extends BaseCommand {
  static override summary = "Put settings back to their defaults";
  static override description = "All of them when no field is named; your model key stays (`settings clear-key` removes it).";
  static override strict = false;
  static override args = { fields: Args.string({ description: `fields: ${Object.keys(FIELDS).join(", ")}` }) };
  static override examples = ["<%= config.bin %> settings reset role temperature", "<%= config.bin %> settings reset"];

  async run() {
    const { argv } = await this.parse(SettingsReset);
    const names = (argv as string[]).length > 0 ? (argv as string[]) : Object.keys(FIELDS);
    const unknown = names.filter((n) => !(n in FIELDS));
    if (unknown.length > 0) throw invalidInput(`unknown setting ${unknown.join(", ")}: expected ${Object.keys(FIELDS).join(", ")}`);
    const patch = Object.fromEntries(names.map((n) => [FIELDS[n as keyof typeof FIELDS], null])) as PublicSettingsPatch;
    const settings = await (await this.binding()).team.updateSettings(patch);
    for (const line of settingsLines(settings)) this.log(line);
    return { settings };
  }
}
