import { invalidInput } from "../domain/errors.js";

/** One model call as the dialog log keeps it: what was sent and what came back, secrets already redacted. */
export interface DialogLogEntry {
  at: string;
  runId: string;
  /** 1, 2, 3… within the run. */
  call: number;
  method: "generate" | "stream";
  tier: "fast" | "strong";
  request: {
    system: string;
    messages: Array<{ role: "user" | "model"; text: string; images: Array<{ mimeType: string; bytes: number; label?: string }> }>;
    /** Sampling and budget parameters (never the API key). */
    parameters: Record<string, unknown>;
    structured: boolean;
  };
  response?: { model: string; text: string; usage: Record<string, number | undefined>; finishReason: string };
  error?: { code: string; message: string; partialText?: string };
  elapsedMs: number;
}

export const DialogLog = Symbol.for("aizoomdoc.DialogLog");

/**
 * An opt-in, append-only log of a chat's model calls (DESIGN §6: "a dialog log per chat, redacting secrets").
 *
 * Contract:
 * - `append` keeps a chat's entries in the order appended, apart from other chats' entries.
 * - Entries arrive redacted (see `redactSecrets`); the log stores them as given.
 * - A chat id that is not a plain id (letters, digits, `-`, `_`; ≤ 100) is `VALIDATION.INVALID_INPUT`: it names a file.
 */
export interface DialogLog {
  append(chatId: string, entry: DialogLogEntry): Promise<void>;
  /** The chat's entries, oldest first; none for an unknown chat. */
  read(chatId: string): Promise<DialogLogEntry[]>;
  /** Deletes the chat's entries (its chat was deleted); nothing to do for an unknown chat. */
  remove(chatId: string): Promise<void>;
}

const CHAT_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Shared check of every `DialogLog`, so they refuse alike. */
export function checkDialogChatId(chatId: string): void {
  if (!CHAT_ID.test(chatId)) throw invalidInput(`dialog log: chat id ${JSON.stringify(chatId.slice(0, 120))} is not a plain id`);
}
