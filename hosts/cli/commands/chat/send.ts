import { randomUUID } from "node:crypto";
import { Args, Flags } from "@oclif/core";
import { invalidInput } from "../../../../core/domain/errors.js";
import { activeChat } from "../../active-chat.js";
import { AskPrinter } from "../../ask-printer.js";
import { BaseCommand } from "../../base-command.js";
import { followRun } from "../../follow-run.js";

export default class ChatSend extends BaseCommand {
  static override summary = "Ask a question in a chat: the answer streams in, with citations and the evidence images";
  static override description =
    "Posts the question to the chat (the active one unless --chat names another) and follows its answer: phases, tool calls and tokens as `ask` prints them. A dropped connection to the server is resumed where it stopped.";
  static override examples = [
    '<%= config.bin %> chat send "Какие перемычки на 2 этаже?" --doc 3f2a… --out evidence/',
    '<%= config.bin %> chat send "Что изменилось?" --compare 3f2a… --compare 9b1c…',
  ];
  static override args = { message: Args.string({ required: true, description: "the question" }) };
  static override flags = {
    chat: Flags.string({ char: "c", description: "the chat (default: the active chat)" }),
    doc: Flags.string({ multiple: true, description: "a document to answer from (repeat; default: the chat's documents, else all yours)" }),
    compare: Flags.string({ multiple: true, description: "compare two documents: --compare A --compare B" }),
    out: Flags.string({ description: "folder to save the evidence images in" }),
  };

  async run() {
    const { args, flags } = await this.parse(ChatSend);
    if (flags.compare && flags.compare.length !== 2) throw invalidInput("--compare needs exactly two documents: --compare A --compare B");
    const binding = await this.binding();
    const chatId = await activeChat(flags.chat, this.cliConfig());
    const status = (line: string) => !this.jsonEnabled() && this.logToStderr(line);
    // one key per command: the client's retries of this post are one question, in both modes alike
    const posted = await binding.team.postMessage(chatId, {
      content: args.message,
      clientMessageId: randomUUID(),
      ...(flags.doc ? { documentIds: flags.doc } : {}),
      ...(flags.compare ? { compare: { a: [flags.compare[0]!], b: [flags.compare[1]!] } } : {}),
    });
    const printer = new AskPrinter({ text: (chunk) => !this.jsonEnabled() && process.stdout.write(chunk), status });
    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.once("SIGINT", onInterrupt);
    try {
      const { answer, images } = await followRun(binding, posted.runId, printer, { ...(flags.out ? { out: flags.out } : {}), signal: controller.signal, status });
      printer.printAnswer(answer, images);
      return { chatId, runId: posted.runId, message: posted.message, answer, images };
    } finally {
      process.removeListener("SIGINT", onInterrupt);
    }
  }
}
