import { invalidInput } from "../../core/domain/errors.js";
import type { CliConfigStore } from "./cli-config.js";

/** The chat a command acts on: the one it names, else the active chat (`chat new` / `chat use`). */
export async function activeChat(named: string | undefined, config: CliConfigStore): Promise<string> {
  if (named) return named;
  const { activeChatId } = await config.read();
  if (!activeChatId) throw invalidInput("no active chat: `chat new` starts one, `chat use <id>` picks one, or pass --chat <id>");
  return activeChatId;
}
