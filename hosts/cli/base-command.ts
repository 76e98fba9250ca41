import { resolve } from "node:path";
import { Command, Flags } from "@oclif/core";
import { AizoomdocClient } from "../../client/aizoomdoc-client.js";
import { DomainError, invalidInput } from "../../core/domain/errors.js";
import type { AizoomdocApi } from "../../core/application/aizoomdoc-api.js";
import type { AizoomdocConfigurationInput } from "../../composition/configuration.js";
import { type Deployment, type DeploymentOptions, LOCAL_USER_ID, openDeployment, openLocalApplication } from "../../composition/deployment.js";
import { readEnvironment } from "../../composition/read-environment.js";
import { type CliBinding, localBinding, remoteBinding } from "./cli-binding.js";
import { CliConfigStore } from "./cli-config.js";
import { type CliMode, resolveMode } from "./cli-mode.js";
import { errorLine } from "./error-wording.js";
import { exitCodeFor } from "./exit-codes.js";

/**
 * Every command: `--json`, `--data-dir`, one error → exit-code mapping, and the application API, opened lazily
 * (commands never know whether it runs in-process or against a server).
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  /**
   * How a command opens its application: in-process over the configured adapters, closed when the command ends.
   * In-process test runs keep one application open across the commands of a test file instead (testing/run-command.ts).
   */
  static openApplication: (configuration: AizoomdocConfigurationInput, options: DeploymentOptions) => Promise<AizoomdocApi> = openLocalApplication;
  /** How a command that acts on the whole deployment (`admin …`) opens it; test runs keep it open alike. */
  static openDeployment: (configuration: AizoomdocConfigurationInput, options: DeploymentOptions) => Promise<Deployment> = openDeployment;

  /** Whether the command may ingest PDFs in-process: only then do the parse workers start as the application opens. */
  static ingests = false;

  static override baseFlags = {
    "data-dir": Flags.string({ description: "local data directory (default ~/.aizoomdoc/local)", helpGroup: "GLOBAL" }),
    local: Flags.boolean({ description: "run on local data for this command, also when signed in to a server", helpGroup: "GLOBAL" }),
  };

  private application?: AizoomdocApi;
  private openedDeployment?: Deployment;
  private openedBinding?: CliBinding;
  /** Config writes in flight (a refreshed access token saved), awaited before the command ends. */
  private readonly saving: Array<Promise<unknown>> = [];

  /** The CLI's config file (`~/.aizoomdoc/config.json`, or under `AIZOOMDOC_HOME`). */
  protected cliConfig(): CliConfigStore {
    return new CliConfigStore(readEnvironment().home);
  }

  /** The mode this command runs in: `--local`, the environment, then what `auth login` saved. */
  protected async mode(): Promise<CliMode> {
    const { flags } = await this.parse(this.constructor as typeof BaseCommand);
    return resolveMode({ local: flags.local as boolean | undefined, env: readEnvironment().remote, config: await this.cliConfig().read() });
  }

  /** The application for commands that run in both modes: in-process over local data, or the server's client. */
  protected async binding(): Promise<CliBinding> {
    if (!this.openedBinding) {
      const mode = await this.mode();
      if (mode.kind === "local") {
        this.openedBinding = localBinding(await this.localApi(), LOCAL_USER_ID);
      } else {
        const client = new AizoomdocClient({
          baseUrl: mode.serverUrl,
          ...(mode.staticToken ? { staticToken: mode.staticToken } : {}),
          ...(mode.accessToken ? { accessToken: mode.accessToken } : {}),
          // a refreshed access token is kept for the next command, unless the environment rules the sign-in
          ...(mode.source === "config"
            ? { onToken: (token, user) => void this.saving.push(this.cliConfig().update({ accessToken: { ...token, userId: user.id, username: user.username } })) }
            : {}),
        });
        this.openedBinding = remoteBinding(client, mode);
      }
    }
    return this.openedBinding;
  }

  /** The in-process application, for commands that work on local data only; in remote mode they say so. */
  protected async api(): Promise<AizoomdocApi> {
    const mode = await this.mode();
    if (mode.kind === "remote") {
      throw invalidInput(`\`${this.id?.replaceAll(":", " ") ?? "this command"}\` works on local data; you are signed in to ${mode.serverUrl}: add --local, or \`auth logout\``);
    }
    return this.localApi();
  }

  private async localApi(): Promise<AizoomdocApi> {
    if (!this.application) {
      const { configuration, options } = await this.opening();
      this.application = await BaseCommand.openApplication(configuration, options);
    }
    return this.application;
  }

  /** The whole deployment, for commands that act on it rather than as one user (`admin …`). */
  protected async deployment(): Promise<Deployment> {
    if (!this.openedDeployment) {
      const { configuration, options } = await this.opening();
      this.openedDeployment = await BaseCommand.openDeployment(configuration, options);
    }
    return this.openedDeployment;
  }

  private async opening(): Promise<{ configuration: AizoomdocConfigurationInput; options: DeploymentOptions }> {
    const { flags } = await this.parse(this.constructor as typeof BaseCommand);
    const { configuration } = readEnvironment();
    const dataDir = flags["data-dir"] as string | undefined;
    return {
      // adapters want absolute roots; a relative --data-dir means "relative to where the user stands"
      configuration: { ...configuration, dataDir: dataDir ? resolve(dataDir) : configuration.dataDir },
      options: { warn: (message) => this.logToStderr(`warning: ${message}`), warmParser: (this.constructor as typeof BaseCommand).ingests },
    };
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    await Promise.allSettled(this.saving);
    await this.application?.close();
    await this.openedDeployment?.close();
    return super.finally(error);
  }

  protected override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    if (DomainError.isInstance(error)) {
      const line = errorLine(error);
      if (this.jsonEnabled()) this.logJson({ error: { ...error.toJSON(), message: line } });
      // one line, then a non-zero exit decided in one place
      this.logToStderr(`error: ${line} [${error.code}]`);
      this.exit(exitCodeFor(error.code));
    }
    if (error.oclif?.exit !== undefined) throw error; // oclif's own exits and parse errors
    if (this.jsonEnabled()) this.logJson({ error: { code: "INTERNAL", message: error.message } });
    this.logToStderr(`error: ${error.message}`);
    this.exit(1);
  }
}
