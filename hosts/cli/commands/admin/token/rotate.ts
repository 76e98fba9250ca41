import { Args } from "@oclif/core";
import { BaseCommand } from "../../../base-command.js";

export default class AdminTokenRotate extends BaseCommand {
  static override summary = "Give a user a new static token, printed once; the old one stops working at once";
  static override description = "For a lost or leaked token. Sessions the server already issued for the old token last until they expire.";
  static override examples = ['<%= config.bin %> admin token rotate "Анна Петрова"', "<%= config.bin %> admin token rotate ops --json"];
  static override args = { name: Args.string({ description: "the user's name (any case)", required: true }) };

  async run() {
    const { args } = await this.parse(AdminTokenRotate);
    const { user, token } = await (await this.deployment()).admin.rotateToken(args.name);
    this.log(`new token for ${user.username} (the old one no longer signs in)`);
    this.log(`token: ${token}`);
    this.log("the token is shown only now: hand it over in a safe way");
    return { user, token };
  }
}
