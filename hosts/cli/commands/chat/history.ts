import { Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { activeChat } from "../../active-chat.js";

export default class ChatHistory extends BaseCommand {
  static override summary = "Show a chat's latest messages, oldest first";
  static override examples = ["<%= config.bin %> chat history", "<%= config.bin %> chat history -c 3f2a… -n 20 --json"];
  static override flags = {
    chat: Flags.string({ char: "c", description: "the chat (default: the active chat)" }),
    tail: Flags.integer({ char: "n", min: 1, max: 500, default: 10, description: "how many of the latest messages" }),
  };

  async run() {
    const { flags } = await this.parse(ChatHistory);
    const team = (await this.binding()).team;
    const chatId = await activeChat(flags.chat, this.cliConfig());
    const { chat } = await team.getChat(chatId);
    const { messages, nextBefore } = await team.listMessages(chatId, { limit: flags.tail });
    this.log(`chat ${chat.id} «${chat.title}»${nextBefore !== undefined ? " (earlier messages not shown)" : ""}`);
    for (const message of messages) {
      const who = message.role === "user" ? "you" : message.role;
      const state = message.status === "complete" ? "" : ` [${message.status}${message.error ? `: ${message.error.code}` : ""}]`;
      this.log(`\n${who} · ${message.createdAt.slice(0, 16).replace("T", " ")}${state}\n${message.content}`);
    }
    return { chat, messages, ...(nextBefore !== undefined ? { nextBefore } : {}) };
  }
}
