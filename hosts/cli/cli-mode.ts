import type { CliConfig } from "./cli-config.js";

/** Where the CLI's commands run: in-process over local data, or against a team's server. */
export type CliMode =
  | { kind: "local" }
  | {
      kind: "remote";
      serverUrl: string;
      staticToken?: string;
      accessToken?: { accessToken: string; expiresAt: number };
      /** `config`: new access tokens are saved back to the config file; `env`: the environment rules, nothing is saved. */
      source: "config" | "env";
    };

/**
 * The mode a command runs in (DESIGN §2): `--local` forces local mode; `AIZOOMDOC_SERVER` (with `AIZOOMDOC_TOKEN`, or
 * the saved sign-in to that same server) selects remote mode; otherwise a saved sign-in (`auth login --server`)
 * does; with none the CLI runs locally, zero config.
 */
export function resolveMode(input: { local?: boolean; env: { server?: string; token?: string }; config: CliConfig }): CliMode {
  const { local, env, config } = input;
  if (local) return { kind: "local" };
  if (env.server) {
    const serverUrl = normalServerUrl(env.server);
    const saved = config.serverUrl && normalServerUrl(config.serverUrl) === serverUrl ? config : {};
    const staticToken = env.token ?? saved.staticToken;
    return {
      kind: "remote",
      serverUrl,
      ...(staticToken ? { staticToken } : {}),
      ...(!env.token && saved.accessToken ? { accessToken: saved.accessToken } : {}),
      source: env.token ? "env" : "config",
    };
  }
  if (config.serverUrl && (config.staticToken || config.accessToken)) {
    return {
      kind: "remote",
      serverUrl: normalServerUrl(config.serverUrl),
      ...(config.staticToken ? { staticToken: config.staticToken } : {}),
      ...(config.accessToken ? { accessToken: config.accessToken } : {}),
      source: "config",
    };
  }
  return { kind: "local" };
}

/** `http://host:8000/` and `http://host:8000` are one server. */
export function normalServerUrl(url: string): string {
  return url.trim().replace(/\/+$/, "");
}
