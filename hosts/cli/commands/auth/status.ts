import { readEnvironment } from "../../../../composition/read-environment.js";
import { BaseCommand } from "../../base-command.js";

export default class AuthStatus extends BaseCommand {
  static override summary = "Show the mode commands run in, the server, who you are there and until when the token holds";
  static override examples = ["<%= config.bin %> auth status", "<%= config.bin %> auth status --json"];

  async run() {
    const mode = await this.mode();
    const saved = await this.cliConfig().read();
    if (mode.kind === "local") {
      const dataDir = readEnvironment().configuration.dataDir;
      this.log(`mode: local (data in ${dataDir})${saved.serverUrl ? `; last server ${saved.serverUrl} (\`auth login\` to use it)` : ""}`);
      return { mode: "local", dataDir, ...(saved.activeChatId ? { activeChatId: saved.activeChatId } : {}) };
    }
    const token = mode.accessToken ?? saved.accessToken;
    const user = saved.accessToken?.username;
    const expiresAt = token ? new Date(token.expiresAt).toISOString() : undefined;
    this.log(`mode: remote (${mode.serverUrl}${mode.source === "env" ? ", from AIZOOMDOC_SERVER" : ""})`);
    if (user) this.log(`user: ${user}`);
    if (expiresAt) this.log(`access token: ${token!.expiresAt > Date.now() ? "valid" : "expired (renewed on the next command)"} until ${expiresAt}`);
    if (saved.activeChatId) this.log(`active chat: ${saved.activeChatId}`);
    return {
      mode: "remote",
      server: mode.serverUrl,
      source: mode.source,
      ...(user ? { user } : {}),
      ...(expiresAt ? { expiresAt } : {}),
      ...(saved.activeChatId ? { activeChatId: saved.activeChatId } : {}),
    };
  }
}
