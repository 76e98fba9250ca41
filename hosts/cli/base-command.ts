import { resolve } from "node:path";
import { Command, Flags } from "@oclif/core";
import { DomainError } from "../../core/domain/errors.js";
import type { AizoomdocApi } from "../../core/application/aizoomdoc-api.js";
import type { AizoomdocConfigurationInput } from "../../composition/configuration.js";
import { type Deployment, type DeploymentOptions, openDeployment, openLocalApplication } from "../../composition/deployment.js";
import { readEnvironment } from "../../composition/read-environment.js";
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

  static override baseFlags = {
    "data-dir": Flags.string({ description: "local data directory (default ~/.aizoomdoc/local)", helpGroup: "GLOBAL" }),
  };

  private application?: AizoomdocApi;
  private openedDeployment?: Deployment;

  protected async api(): Promise<AizoomdocApi> {
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
      options: { warn: (message) => this.logToStderr(`warning: ${message}`) },
    };
  }

  protected override async finally(error: Error | undefined): Promise<void> {
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
