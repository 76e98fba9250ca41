import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class ChatNew extends BaseCommand {
  static override summary = "Start a chat; it becomes the active chat for `chat send`";
  static override examples = ['<%= config.bin %> chat new "Перемычки АР" --doc 3f2a…', "<%= config.bin %> chat new --json"];
  static override args = { title: Args.string({ description: "its title (default «Новый чат»)" }) };
  static override flags = {
    description: Flags.string({ char: "d", description: "what the chat is about" }),
    doc: Flags.string({ multiple: true, description: "a document its questions are about when a question names none (repeat for more)" }),
  };

  async run() {
    const { args, flags } = await this.parse(ChatNew);
    const chat = await (await this.binding()).team.createChat({
      ...(args.title ? { title: args.title } : {}),
      ...(flags.description ? { description: flags.description } : {}),
      ...(flags.doc ? { documentIds: flags.doc } : {}),
    });
    await this.cliConfig().update({ activeChatId: chat.id });
    this.log(`chat ${chat.id} «${chat.title}» is the active chat`);
    return { chat };
  }
}
