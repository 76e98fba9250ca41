import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { vi } from "vitest";

/** The package root oclif loads its configuration from. */
export const cliRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface CommandRun<T> {
  result: T;
  stdout: string;
  stderr: string;
}

/** An oclif command class; its instance `run()` return type is what `--json` prints and `run` resolves to. */
interface RunnableCommand<R> {
  prototype: { run(): Promise<R> };
  run(argv: string[], root: string): Promise<unknown>;
}

/**
 * Run a CLI command in-process as a user would (same argv), capturing what it prints. oclif writes through
 * console.log / console.error; streaming commands (ask) also write to process.stdout directly.
 * A failure is rethrown with the captured `stdout` / `stderr` attached, so tests can check the one-line message.
 */
export async function runCommand<R>(command: RunnableCommand<R>, argv: string[]): Promise<CommandRun<R>> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void out.push(`${parts.join(" ")}\n`));
  vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void err.push(`${parts.join(" ")}\n`));
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  try {
    const result = (await command.run(argv, cliRoot)) as R;
    return { result, stdout: out.join(""), stderr: err.join("") };
  } catch (error) {
    throw Object.assign(error as object, { stdout: out.join(""), stderr: err.join("") });
  } finally {
    vi.restoreAllMocks();
  }
}
