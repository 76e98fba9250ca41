import { BaseCommand } from "../../base-command.js";

export default class AuthLogout extends BaseCommand {
  static override summary = "Sign out of the server: commands run on local data again";
  static override description = "Removes the saved tokens (the server URL stays, for the next `auth login`).";
  static override examples = ["<%= config.bin %> auth logout"];

  async run() {
    const before = await this.cliConfig().read();
    await this.cliConfig().update({ accessToken: null, staticToken: null, activeChatId: null });
    this.log(before.accessToken || before.staticToken ? `signed out of ${before.serverUrl ?? "the server"}; commands run on local data` : "not signed in; commands run on local data");
    return { signedOut: Boolean(before.accessToken || before.staticToken) };
  }
}
