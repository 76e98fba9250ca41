import { Readable } from "node:stream";

/** Runs a command with `text` as its stdin (a pipe, as in `printenv KEY | aizoomdoc settings set-key`). */
export async function withStdin<T>(text: string, run: () => Promise<T>): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(process, "stdin")!;
  Object.defineProperty(process, "stdin", { value: Readable.from([text]), configurable: true });
  try {
    return await run();
  } finally {
    Object.defineProperty(process, "stdin", original);
  }
}
