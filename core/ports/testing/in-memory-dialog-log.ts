import { checkDialogChatId, type DialogLog, type DialogLogEntry } from "../dialog-log.js";

/** Verified fake of `DialogLog` (passes the same contract as the JSON-lines file log). */
export class InMemoryDialogLog implements DialogLog {
  private readonly chats = new Map<string, DialogLogEntry[]>();

  async append(chatId: string, entry: DialogLogEntry): Promise<void> {
    checkDialogChatId(chatId);
    const entries = this.chats.get(chatId) ?? [];
    entries.push(structuredClone(entry));
    this.chats.set(chatId, entries);
  }

  async read(chatId: string): Promise<DialogLogEntry[]> {
    checkDialogChatId(chatId);
    return structuredClone(this.chats.get(chatId) ?? []);
  }

  async remove(chatId: string): Promise<void> {
    checkDialogChatId(chatId);
    this.chats.delete(chatId);
  }
}
