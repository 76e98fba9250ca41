import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../../base-command.js";

export default class AdminUserAdd extends BaseCommand {
  static override summary = "Add a user of the deployment and print their static token, once";
  static override description =
    "Names are trimmed, 1–100 characters, and unique regardless of case. The token is printed here only (stored as its digest): hand it to the user, who exchanges it for a session at the server. Lost tokens are replaced with `admin token rotate`.";
  static override examples = ['<%= config.bin %> admin user add "Анна Петрова"', "<%= config.bin %> admin user add ops --admin --json"];
  static override args = { name: Args.string({ description: "the user's name", required: true }) };
  static override flags = { admin: Flags.boolean({ description: "make the user an admin of the deployment" }) };

  async run() {
    const { args, flags } = await this.parse(AdminUserAdd);
    const { user, token } = await (await this.deployment()).admin.addUser(args.name, { admin: flags.admin });
    this.log(`user ${user.username} added (${user.role}, id ${user.id})`);
    this.log(`token: ${token}`);
    this.log("the token is shown only now: hand it over in a safe way");
    return { user, token };
  }
}
