import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Args, Flags } from "@oclif/core";
import type { Answer } from "../../../core/domain/answer.js";
import { DomainError, invalidInput } from "../../../core/domain/errors.js";
import type { StreamEvent } from "../../../core/domain/stream-event.js";
import { AskPrinter } from "../ask-printer.js";
import { BaseCommand } from "../base-command.js";
import { followRun } from "../follow-run.js";
import { resolveDocuments } from "../resolve-documents.js";
import { uploadDocument } from "../upload-document.js";

export default class Ask extends BaseCommand {
  static override summary = "Ask a question about PDFs or stored documents, answered with citations and zoomed evidence";
  static override ingests = true;
  static override description = "Ask a question about PDFs or stored documents: evidence, zoomed regions and an answer with citations";
  static override strict = false;
  // not required by oclif: with `--compare A B "question"` every positional is taken by the flag, checked below
  static override args = { inputs: Args.string({ description: "PDF files or document ids, then the question (last)" }) };
  static override flags = {
    profile: Flags.option({ options: ["simple", "complex"] as const, description: "simple: one fast model; complex: fast collector + strong answer model" })(),
    compare: Flags.string({ multiple: true, description: "compare two documents or PDFs: --compare A B" }),
    role: Flags.string({ description: "role for this question: engineer, economist, warranty-engineer or one of yours (`roles list`)" }),
    out: Flags.string({ description: "folder to save the evidence images in" }),
    chat: Flags.string({ description: "continue this chat (its earlier questions and answers are given to the model); printed after every answer" }),
  };
  static override examples = ['<%= config.bin %> ask set.pdf "Какие перемычки на 2 этаже и сколько их?" --out evidence/', '<%= config.bin %> ask --compare v1.pdf v2.pdf "Что изменилось в спецификации?"'];

  async run() {
    const { argv, flags } = await this.parse(Ask);
    // `--compare A B "question"`: the flag takes two values, whatever follows is positional again
    const compare = flags.compare?.slice(0, 2);
    const positional = [...(flags.compare?.slice(2) ?? []), ...(argv as string[])];
    const question = positional.pop();
    if (!question?.trim() || existsSync(question)) throw invalidInput('ask needs a question as its last argument: aizoomdoc ask <pdf|document-id…> "question"');
    if (compare && compare.length !== 2) throw invalidInput("--compare needs exactly two documents: --compare A B");
    if ((await this.mode()).kind === "remote") return this.askServer(question, positional, compare, flags);
    const api = await this.api();
    const status = (line: string) => !this.jsonEnabled() && this.logToStderr(line);
    const documentIds = await resolveDocuments(api, positional, status);
    const sides = compare ? await resolveDocuments(api, compare, status) : undefined;

    const printer = new AskPrinter({ text: (chunk) => !this.jsonEnabled() && process.stdout.write(chunk), status });
    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.once("SIGINT", onInterrupt);
    let answer: Answer | undefined;
    let failure: Extract<StreamEvent, { type: "error" }> | undefined;
    let chatId: string | undefined;
    // kinds as the run named them (a quadrant is stored as a region; the file name should say quadrant)
    const shown = new Map<string, string>();
    try {
      const stream = api.ask({
        question,
        documentIds,
        ...(flags.profile ? { profile: flags.profile } : {}),
        ...(sides ? { compare: { a: [sides[0]!], b: [sides[1]!] } } : {}),
        ...(flags.role ? { settings: { role: flags.role } } : {}),
        ...(flags.chat ? { chatId: flags.chat } : {}),
        signal: controller.signal,
      });
      for await (const event of stream) {
        printer.handle(event);
        if (event.type === "processing_started" && event.chat_id) chatId = event.chat_id;
        if (event.type === "image_ready") shown.set(event.image_id, event.kind);
        if (event.type === "completed") answer = event.answer;
        if (event.type === "error") failure = event;
      }
    } finally {
      process.removeListener("SIGINT", onInterrupt);
    }
    const images = flags.out ? await this.saveImages(flags.out, shown) : [];
    if (chatId) status(`chat ${chatId} (continue it with: ask --chat ${chatId} "…")`);
    if (failure) {
      if (failure.partial_answer) status(`partial answer:\n${failure.partial_answer}`);
      throw DomainError.fromJSON(failure.error);
    }
    if (!answer) throw new DomainError("INTERNAL", "the answer stream ended without an answer");
    printer.printAnswer(answer, images);
    return { answer, images, ...(chatId ? { chatId } : {}) };
  }

  /**
   * Remote mode: PDFs go up through the file routes and become documents there; the question is posted to a chat
   * (`--chat`, or a new one titled after it) and its answer followed as `chat send` does.
   */
  private async askServer(question: string, inputs: string[], compare: string[] | undefined, flags: { profile?: string; role?: string; out?: string; chat?: string }) {
    if (flags.profile || flags.role) throw invalidInput("--profile and --role choose for one question in local mode; on a server set them with `settings set-model` / `settings set-role`");
    const binding = await this.binding();
    const status = (line: string) => !this.jsonEnabled() && this.logToStderr(line);
    const documentsOf = async (list: readonly string[]) => {
      const ids: string[] = [];
      for (const input of list) {
        if (!existsSync(input)) {
          ids.push(input);
          continue;
        }
        const { documentId } = await uploadDocument(binding.team, input, { wait: true, progress: status });
        if (!documentId) throw invalidInput(`${input}: the server keeps it as a file, not a document (only PDFs and OCR exports become documents)`);
        status(`${input}: document ${documentId}`);
        ids.push(documentId);
      }
      return ids;
    };
    const documentIds = await documentsOf(inputs);
    const sides = compare ? await documentsOf(compare) : undefined;
    const chatId = flags.chat ?? (await binding.team.createChat({ title: question.replace(/\s+/g, " ").trim().slice(0, 80), documentIds })).id;
    const posted = await binding.team.postMessage(chatId, { content: question, documentIds, clientMessageId: randomUUID(), ...(sides ? { compare: { a: [sides[0]!], b: [sides[1]!] } } : {}) });
    const printer = new AskPrinter({ text: (chunk) => !this.jsonEnabled() && process.stdout.write(chunk), status });
    const { answer, images } = await followRun(binding, posted.runId, printer, { ...(flags.out ? { out: flags.out } : {}), status });
    status(`chat ${chatId} (continue it with: chat send --chat ${chatId} "…")`);
    printer.printAnswer(answer, images);
    return { answer, images, chatId };
  }

  private async saveImages(dir: string, shown: Map<string, string>): Promise<Array<{ id: string; path: string }>> {
    const api = await this.api();
    await mkdir(dir, { recursive: true });
    const saved: Array<{ id: string; path: string }> = [];
    for (const [index, [id, kind]] of [...shown.entries()].entries()) {
      const { image, bytes } = await api.getEvidenceImage(id);
      const ext = image.mimeType === "image/jpeg" ? "jpg" : image.mimeType === "image/webp" ? "webp" : "png";
      const name = `${String(index + 1).padStart(2, "0")}-${kind}-${image.blockId ?? `page${image.page}`}${image.sector ? `-${image.sector}` : ""}.${ext}`;
      const path = join(dir, name);
      await writeFile(path, bytes);
      saved.push({ id, path });
    }
    return saved;
  }
}
