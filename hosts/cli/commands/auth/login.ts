import { Flags } from "@oclif/core";
import { AizoomdocClient } from "../../../../client/aizoomdoc-client.js";
import type { AccessToken } from "../../../../client/access-session.js";
import { DomainError, invalidInput } from "../../../../core/domain/errors.js";
import { readEnvironment } from "../../../../composition/read-environment.js";
import { BaseCommand } from "../../base-command.js";
import { normalServerUrl } from "../../cli-mode.js";
import { readSecretLine } from "../../read-secret.js";

export default class AuthLogin extends BaseCommand {
  static override summary = "Sign in to a team's server: the CLI then runs its commands there (remote mode)";
  static override description =
    "Exchanges your static token for an access token and saves both (the static token sealed) in ~/.aizoomdoc/config.json, owner-only. The token is read from stdin or a hidden prompt unless --token gives it.";
  static override examples = ["<%= config.bin %> auth login --server http://aizoomdoc.local:8000", "printenv AZD_TOKEN | <%= config.bin %> auth login --server http://aizoomdoc.local:8000"];
  static override flags = {
    server: Flags.string({ char: "s", description: "the server's URL (default: AIZOOMDOC_SERVER, or the server you signed in to last)" }),
    token: Flags.string({ char: "t", description: "your static token (better: leave it out and type it at the hidden prompt, so it stays out of shell history)" }),
  };

  async run() {
    const { flags } = await this.parse(AuthLogin);
    const saved = await this.cliConfig().read();
    const server = flags.server ?? readEnvironment().remote.server ?? saved.serverUrl;
    if (!server) throw invalidInput("auth login needs the server: --server http://host:8000 (or AIZOOMDOC_SERVER)");
    if (!/^https?:\/\/[^\s/]+/.test(server)) throw invalidInput(`--server ${JSON.stringify(server)}: expected an http(s) URL such as http://host:8000`);
    const staticToken = (flags.token ?? (await readSecretLine("static token (not shown): "))).trim();
    if (!staticToken) throw invalidInput("no token given: type it at the prompt, pipe it in, or pass --token");
    const serverUrl = normalServerUrl(server);
    let issued: AccessToken | undefined;
    const client = new AizoomdocClient({ baseUrl: serverUrl, staticToken, onToken: (token) => void (issued = token) });
    const user = await client.signIn();
    if (!issued) throw new DomainError("INTERNAL", "the server signed you in without an access token");
    await this.cliConfig().update({ serverUrl, staticToken, accessToken: { ...issued, userId: user.id, username: user.username }, activeChatId: null });
    const expiresAt = new Date(issued.expiresAt).toISOString();
    this.log(`signed in to ${serverUrl} as ${user.username}; commands now run there (\`--local\` for one command, \`auth logout\` to go back)`);
    this.log(`access token valid until ${expiresAt} (renewed without asking)`);
    return { server: serverUrl, user: { id: user.id, username: user.username, role: user.role }, expiresAt };
  }
}
