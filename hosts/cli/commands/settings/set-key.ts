import { BaseCommand } from "../../base-command.js";
import { readSecretLine } from "../../read-secret.js";

export default class SettingsSetKey extends BaseCommand {
  static override description =
    "Store your own Gemini API key, encrypted, read from stdin (never from arguments); your `ask` runs use it before GEMINI_API_KEY";
  static override examples = ["<%= config.bin %> settings set-key", "printenv MY_GEMINI_KEY | <%= config.bin %> settings set-key"];

  async run() {
    const key = await readSecretLine("Gemini API key (not shown): ");
    if (key.trim().length === 0) this.error("no key given on stdin (pipe it in, or type it at the prompt)", { exit: 64 });
    const settings = await (await this.api()).setGeminiApiKey(key);
    this.log("your Gemini API key is stored encrypted; `ask` now answers with the model");
    return { settings };
  }
}
