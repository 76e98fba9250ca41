import { Flags } from "@oclif/core";
import { invalidInput } from "../../../../core/domain/errors.js";
import { BaseCommand } from "../../base-command.js";
import { readSecretLine } from "../../read-secret.js";

export default class SettingsSetKey extends BaseCommand {
  static override summary = "Store your own model key (and your own OpenAI-compatible server), sealed; the key is read from stdin";
  static override description =
    "The key is read from stdin or a hidden prompt, never from arguments, and stored encrypted. Your runs use it before the deployment's key. With --base-url (where the deployment allows users' servers) your runs answer with your own server; its key may then be empty.";
  static override examples = [
    "<%= config.bin %> settings set-key",
    "printenv MY_GEMINI_KEY | <%= config.bin %> settings set-key",
    "echo | <%= config.bin %> settings set-key --base-url http://gpu-box:8000/v1",
  ];
  static override flags = {
    provider: Flags.string({ description: "the provider the key is for (default: the one this deployment runs)" }),
    "base-url": Flags.string({ description: "your own OpenAI-compatible server, up to its API root (stored encrypted; put no password in it, the key is the bearer)" }),
  };

  async run() {
    const { flags } = await this.parse(SettingsSetKey);
    const baseUrl = flags["base-url"];
    const key = (await readSecretLine(baseUrl ? "model API key (not shown; empty for none): " : "model API key (not shown): ")).trim();
    if (key.length === 0 && !baseUrl) throw invalidInput("no key given on stdin (pipe it in, or type it at the prompt)");
    const settings = await (await this.binding()).team.setModelKey({ ...(key ? { key } : {}), ...(flags.provider ? { provider: flags.provider } : {}), ...(baseUrl ? { baseUrl } : {}) });
    const what = settings.modelKey?.ownServer ? "server and key are" : "key is";
    this.log(`your ${settings.modelKey?.provider ?? "model"} ${what} stored encrypted; \`ask\` now answers with the model`);
    return { settings };
  }
}
