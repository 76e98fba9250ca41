import { Args } from "@oclif/core";
import { BaseCommand } from "../../../base-command.js";

export default class AdminUserRemove extends BaseCommand {
  static override summary = "Remove a user: their token stops working at once";
  static override description =
    "Deletes the user and their settings (with their own model key). Their documents and chats stay in the database under an id no one can sign in as again.";
  static override examples = ['<%= config.bin %> admin user remove "Анна Петрова"'];
  static override args = { name: Args.string({ description: "the user's name (any case)", required: true }) };

  async run() {
    const { args } = await this.parse(AdminUserRemove);
    const removed = await (await this.deployment()).admin.removeUser(args.name);
    this.log(`user ${removed.username} removed: their token no longer signs in`);
    return { removed };
  }
}
