import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { vi } from "vitest";
import type { AizoomdocConfigurationInput } from "../../../composition/configuration.js";
import { type Deployment, type DeploymentOptions, LOCAL_USER_ID, openDeployment, openLocalApplication } from "../../../composition/deployment.js";
import { BaseCommand } from "../base-command.js";

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

/**
 * Keeps each data dir's deployment open across the commands of a test file, as long as the configuration the
 * commands read stays the same (a changed environment closes it and opens a new one, so nothing else changes for the
 * commands); commands that act as the local user get its application, `admin` commands the deployment itself.
 * Opening the embedded database costs about a second per command; the commands' own behaviour, output and exit codes
 * are the same. Returns the function that closes them all: call it where a test needs a fresh process's view of the
 * data dir, and after the file.
 */
export function keepApplicationsOpen(): () => Promise<void> {
  const open = new Map<string, { key: string; deployment: Promise<Deployment> }>();
  const closeAll = async () => {
    const all = [...open.values()];
    open.clear();
    for (const entry of all) await (await entry.deployment.catch(() => undefined))?.close();
  };
  const kept = async (configuration: AizoomdocConfigurationInput, options: DeploymentOptions): Promise<Deployment> => {
    const key = JSON.stringify(configuration);
    const dataDir = String(configuration.dataDir);
    const current = open.get(dataDir);
    if (current?.key !== key) {
      open.delete(dataDir);
      // the embedded database is one process's at a time: close the old view before the new one opens it
      await (await current?.deployment.catch(() => undefined))?.close();
      const deployment = openDeployment(configuration, options);
      // a failed open is not kept: the next command tries again
      deployment.catch(() => open.delete(dataDir));
      open.set(dataDir, { key, deployment });
    }
    return open.get(dataDir)!.deployment;
  };
  // the command's own close() leaves it open for the next command
  BaseCommand.openApplication = async (configuration, options) => ({ ...(await kept(configuration, options)).forUser(LOCAL_USER_ID), close: async () => undefined });
  BaseCommand.openDeployment = async (configuration, options) => ({ ...(await kept(configuration, options)), close: async () => undefined });
  return async () => {
    await closeAll();
    BaseCommand.openApplication = openLocalApplication;
    BaseCommand.openDeployment = openDeployment;
  };
}
