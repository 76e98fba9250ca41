import { BaseCommand } from "../../../base-command.js";

export default class AdminUserList extends BaseCommand {
  static override summary = "List the deployment's users (never their tokens)";
  static override description = "Oldest first: id, name, role, status and when each was last seen signing in.";
  static override examples = ["<%= config.bin %> admin user list", "<%= config.bin %> admin user list --json"];

  async run() {
    const users = await (await this.deployment()).admin.listUsers();
    for (const u of users) this.log(`${u.id}  ${u.username}  (${u.role}, ${u.status})  last seen ${u.lastSeenAt ?? "never"}`);
    if (users.length === 0) this.log("no users yet: add one with `aizoomdoc admin user add NAME`");
    return { users };
  }
}
