import { BaseCommand } from "../../base-command.js";

export default class SettingsClearKey extends BaseCommand {
  static override description = "Remove your stored Gemini API key (runs fall back to GEMINI_API_KEY, or evidence-only mode)";

  async run() {
    const settings = await (await this.api()).setGeminiApiKey(null);
    this.log("your Gemini API key is removed");
    return { settings };
  }
}
