import { Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class ChatList extends BaseCommand {
  static override summary = "List your chats, newest activity first (→ marks the active one)";
  static override examples = ["<%= config.bin %> chat list", "<%= config.bin %> chat list -n 5 --json"];
  static override flags = { limit: Flags.integer({ char: "n", min: 1, max: 200, default: 20, description: "how many" }) };

  async run() {
    const { flags } = await this.parse(ChatList);
    const chats = await (await this.binding()).team.listChats({ limit: flags.limit });
    const { activeChatId } = await this.cliConfig().read();
    if (chats.length === 0) this.log("no chats yet: `chat new` starts one");
    for (const chat of chats) this.log(`${chat.id === activeChatId ? "→" : " "} ${chat.id}  ${chat.updatedAt.slice(0, 16).replace("T", " ")}  ${chat.title}`);
    return { chats, activeChatId: activeChatId ?? null };
  }
}
