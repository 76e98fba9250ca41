import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class ChatUse extends BaseCommand {
  static override summary = "Make a chat the active one for `chat send` and `chat history`";
  static override examples = ["<%= config.bin %> chat use 3f2a…"];
  static override args = { id: Args.string({ required: true, description: "the chat's id (`chat list`)" }) };

  async run() {
    const { args } = await this.parse(ChatUse);
    // an unknown (or another user's) chat is refused before it is saved
    const { chat } = await (await this.binding()).team.getChat(args.id);
    await this.cliConfig().update({ activeChatId: chat.id });
    this.log(`chat ${chat.id} «${chat.title}» is the active chat`);
    return { chat };
  }
}
