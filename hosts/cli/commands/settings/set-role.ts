import { Args } from "@oclif/core";
import { invalidInput } from "../../../../core/domain/errors.js";
import { BaseCommand } from "../../base-command.js";

export default class SettingsSetRole extends BaseCommand {
  static override summary = "Choose the role your answers are written for, or `none`";
  static override examples = ["<%= config.bin %> settings set-role engineer", "<%= config.bin %> settings set-role none"];
  static override args = { role: Args.string({ required: true, description: "a role's name (`settings list-roles`, any case) or none" }) };

  async run() {
    const { args } = await this.parse(SettingsSetRole);
    const team = (await this.binding()).team;
    const wanted = args.role.trim();
    let role: string | null = null;
    if (wanted.toLowerCase() !== "none") {
      const roles = await team.listRoles();
      const found = roles.find((r) => r.name === wanted) ?? roles.find((r) => r.name.toLowerCase() === wanted.toLowerCase());
      if (!found) throw invalidInput(`unknown role ${JSON.stringify(wanted)}: one of ${roles.map((r) => r.name).join(", ")}, or none`);
      role = found.name;
    }
    const settings = await team.updateSettings({ role });
    this.log(`role: ${settings.role ?? "none"}`);
    return { settings };
  }
}
