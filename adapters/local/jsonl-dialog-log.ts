import { appendFile, mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { DomainError } from "../../core/domain/errors.js";
import { checkDialogChatId, type DialogLog, type DialogLogEntry } from "../../core/ports/dialog-log.js";
import { JsonlDialogLogConfig } from "./jsonl-dialog-log.config.js";

/** The dialog log as `<dir>/<chatId>.jsonl`, one entry per line, appended in call order. */
export class JsonlDialogLog implements DialogLog {
  private readonly dir: string;
  /** Appends to one file are chained, so lines of racing calls never interleave. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(config: JsonlDialogLogConfig) {
    this.dir = JsonlDialogLogConfig.parse(config).dir;
  }

  async append(chatId: string, entry: DialogLogEntry): Promise<void> {
    checkDialogChatId(chatId);
    const line = `${JSON.stringify(entry)}\n`;
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    const next = previous.then(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendFile(this.file(chatId), line, { encoding: "utf8", mode: 0o600 });
    });
    this.tails.set(chatId, next.catch(() => undefined));
    await next;
  }

  async read(chatId: string): Promise<DialogLogEntry[]> {
    checkDialogChatId(chatId);
    let text: string;
    try {
      text = await readFile(this.file(chatId), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new DomainError("STORAGE.UNAVAILABLE", `dialog log of chat ${chatId}: ${(error as Error).message}`);
    }
    return text
      .split("\n")
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as DialogLogEntry);
  }

  async remove(chatId: string): Promise<void> {
    checkDialogChatId(chatId);
    // after the appends in flight, so none of them writes the file again
    await this.tails.get(chatId);
    this.tails.delete(chatId);
    await rm(this.file(chatId), { force: true });
  }

  private file(chatId: string): string {
    return join(this.dir, `${chatId}.jsonl`);
  }
}
