import { Flags } from "@oclif/core";
import { invalidInput } from "../../../../core/domain/errors.js";
import { BaseCommand } from "../../base-command.js";
import { readSecretLine } from "../../read-secret.js";

export default class SettingsSetKey extends BaseCommand {
  static override summary = "Store your own model key, sealed, read from stdin";
  static override description =
    "The key is read from stdin or a hidden prompt, never from arguments, and stored encrypted. Your `ask` runs use it before the deployment's GEMINI_API_KEY.";
  static override examples = ["<%= config.bin %> settings set-key", "printenv MY_GEMINI_KEY | <%= config.bin %> settings set-key"];
  static override flags = {
    provider: Flags.string({ description: "the provider the key is for (default: the one this deployment runs, gemini)" }),
  };

  async run() {
    const { flags } = await this.parse(SettingsSetKey);
    const key = await readSecretLine("model API key (not shown): ");
    if (key.trim().length === 0) throw invalidInput("no key given on stdin (pipe it in, or type it at the prompt)");
    const settings = await (await this.api()).setModelKey({ key, ...(flags.provider ? { provider: flags.provider } : {}) });
    this.log(`your ${settings.modelKey?.provider ?? "model"} key is stored encrypted; \`ask\` now answers with the model`);
    return { settings };
  }
}
