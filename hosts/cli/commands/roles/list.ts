import { BaseCommand } from "../../base-command.js";

export default class RolesList extends BaseCommand {
  static override summary = "List the roles you can select: built-in ones and your own";
  static override description = "List the roles you can select with `settings set --role`: built-in ones and your own";
  static override examples = ["<%= config.bin %> roles list", "<%= config.bin %> roles list --json"];

  async run() {
    const api = (await this.binding()).team;
    const [roles, settings] = await Promise.all([api.listRoles(), api.getSettings()]);
    for (const role of roles) {
      const marks = [role.builtIn ? "built-in" : `yours, v${role.version}`, ...(role.isActive ? [] : ["inactive"]), ...(settings.role === role.name ? ["selected"] : [])];
      this.log(`${role.name}  (${marks.join(", ")})${role.description ? `  ${role.description}` : ""}`);
    }
    return { roles, selected: settings.role ?? null };
  }
}
