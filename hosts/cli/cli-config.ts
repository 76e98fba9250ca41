import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { loadOrCreateSecretKey } from "../../adapters/local/local-secret-key.js";
import { DomainError } from "../../core/domain/errors.js";
import { SecretBox } from "../../core/domain/secret-box.js";

/**
 * `~/.aizoomdoc/config.json` in the Python client's shape (`server_url`, `token_data`, `active_chat_id`), so a user
 * moving over keeps their file, plus the static token sealed (never in plain text: the key is a separate owner-only
 * file, so a copied or backed-up config gives nothing away).
 */
const ConfigFile = z.looseObject({
  server_url: z.string().nullish(),
  token_data: z
    .object({ access_token: z.string(), expires_at: z.string(), user_id: z.string().optional(), username: z.string().optional() })
    .nullish(),
  active_chat_id: z.string().nullish(),
  static_token_sealed: z.string().nullish(),
});

export interface CliConfig {
  serverUrl?: string;
  accessToken?: { accessToken: string; expiresAt: number; userId?: string; username?: string };
  activeChatId?: string;
  /** The static token `auth login` was given, to sign in again when the access token cannot be refreshed. */
  staticToken?: string;
}

const FILE = "config.json";
const KEY_FILE = "client.key";

/** The CLI's own settings between runs: where the server is, who is signed in there, the active chat. */
export class CliConfigStore {
  constructor(private readonly home: string) {}

  get path(): string {
    return join(this.home, FILE);
  }

  /** The saved config; an absent or unreadable file is an empty config (a corrupt file must not lock the user out). */
  async read(): Promise<CliConfig> {
    let parsed: z.infer<typeof ConfigFile>;
    try {
      parsed = ConfigFile.parse(JSON.parse(await readFile(this.path, "utf8")));
    } catch {
      return {};
    }
    const token = parsed.token_data;
    const expiresAt = token ? Date.parse(token.expires_at) : NaN;
    return {
      ...(parsed.server_url ? { serverUrl: parsed.server_url } : {}),
      ...(token && Number.isFinite(expiresAt)
        ? { accessToken: { accessToken: token.access_token, expiresAt, ...(token.user_id ? { userId: token.user_id } : {}), ...(token.username ? { username: token.username } : {}) } }
        : {}),
      ...(parsed.active_chat_id ? { activeChatId: parsed.active_chat_id } : {}),
      ...(parsed.static_token_sealed ? await this.opened(parsed.static_token_sealed) : {}),
    };
  }

  /** Changes some fields (`null` removes one) and writes the whole file atomically, owner-only (0600). */
  async update(patch: { [K in keyof CliConfig]?: CliConfig[K] | null }): Promise<CliConfig> {
    const next = { ...(await this.read()) };
    for (const [key, value] of Object.entries(patch) as Array<[keyof CliConfig, unknown]>) {
      if (value === null) delete next[key];
      else if (value !== undefined) (next as Record<string, unknown>)[key] = value;
    }
    let raw: Record<string, unknown> = {};
    try {
      raw = JSON.parse(await readFile(this.path, "utf8")) as Record<string, unknown>;
    } catch {
      // a missing or corrupt file is replaced whole
    }
    const file = {
      // fields other clients keep (the Python client's data_dir) stay as they were
      ...raw,
      server_url: next.serverUrl ?? null,
      token_data: next.accessToken
        ? {
            access_token: next.accessToken.accessToken,
            expires_at: new Date(next.accessToken.expiresAt).toISOString(),
            ...(next.accessToken.userId ? { user_id: next.accessToken.userId } : {}),
            ...(next.accessToken.username ? { username: next.accessToken.username } : {}),
          }
        : null,
      active_chat_id: next.activeChatId ?? null,
      static_token_sealed: next.staticToken ? (await this.box()).seal(next.staticToken) : null,
    };
    await mkdir(this.home, { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: "wx" });
      // an umask cannot widen it, but an older file may have been made with other bits
      await chmod(temp, 0o600);
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new DomainError("STORAGE.UNAVAILABLE", `the CLI config ${this.path} cannot be written: ${(error as Error).message}`, { cause: error });
    }
    return next;
  }

  private async box(): Promise<SecretBox> {
    return new SecretBox(await loadOrCreateSecretKey(this.home, KEY_FILE), "cli-static-token");
  }

  private async opened(sealed: string): Promise<{ staticToken?: string }> {
    try {
      return { staticToken: (await this.box()).open(sealed) };
    } catch {
      // sealed under another key (the key file was removed): as if never saved; `auth login` saves it again
      return {};
    }
  }
}
