import {
  DEFAULT_SETTINGS,
  applySettingsPatch,
  hashStaticToken,
  parseSettingsPatch,
  sameTokenHash,
  usernameKey,
  type SettingsPatch,
  type User,
  type UserSettings,
} from "../../core/domain/user.js";
import { notFound } from "../../core/domain/errors.js";
import type { NewUser, UserStore } from "../../core/ports/user-store.js";
import type { SqlDriver, SqlExecutor } from "./sql-driver.js";
import { writeError } from "./sql-errors.js";

interface UserRow {
  id: string;
  username: string;
  static_token_hash: string | null;
  role: User["role"];
  status: User["status"];
  created_at: Date;
  last_seen_at: Date | null;
}

interface SettingsRow {
  model_profile: UserSettings["modelProfile"];
  selected_role: string | null;
  temperature: number | null;
  top_p: number | null;
  thinking_enabled: boolean | null;
  thinking_budget: number | null;
  media_resolution: UserSettings["mediaResolution"] | null;
  page_settings: Record<string, unknown>;
  model_key_provider: string | null;
  model_key_sealed: string | null;
  model_base_url_sealed: string | null;
}

const USER_COLUMNS = "id, username, static_token_hash, role, status, created_at, last_seen_at";
const SETTINGS_COLUMNS =
  "model_profile, selected_role, temperature, top_p, thinking_enabled, thinking_budget, media_resolution, page_settings, model_key_provider, model_key_sealed, model_base_url_sealed";

/** `UserStore` over the `users` and `settings` tables. */
export class SqlUserStore implements UserStore {
  constructor(private readonly db: SqlDriver) {}

  async createUser(user: NewUser): Promise<User> {
    try {
      const [row] = await this.db.query<UserRow>(
        `insert into users (username, username_key, static_token_hash, role, status) values ($1, $2, $3, $4, $5) returning ${USER_COLUMNS}`,
        [user.username, usernameKey(user.username), user.staticToken === undefined ? null : hashStaticToken(user.staticToken), user.role ?? "user", user.status ?? "active"],
      );
      return toUser(row!);
    } catch (error) {
      throw writeError(error, `user ${user.username}`);
    }
  }

  async getUser(userId: string): Promise<User | undefined> {
    const [row] = await this.db.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1`, [userId]);
    return row && toUser(row);
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db.query<UserRow>(`select ${USER_COLUMNS} from users order by created_at, id`);
    return rows.map(toUser);
  }

  async findUserByName(username: string): Promise<User | undefined> {
    const [row] = await this.db.query<UserRow>(`select ${USER_COLUMNS} from users where username_key = $1`, [usernameKey(username)]);
    return row && toUser(row);
  }

  async findUserByStaticToken(staticToken: string): Promise<User | undefined> {
    const digest = hashStaticToken(staticToken);
    const [row] = await this.db.query<UserRow>(`select ${USER_COLUMNS} from users where static_token_hash = $1`, [digest]);
    // the index finds the row by digest; the final comparison does not leak how much of it matched
    return row?.static_token_hash && sameTokenHash(row.static_token_hash, digest) ? toUser(row) : undefined;
  }

  async replaceStaticToken(userId: string, staticToken: string): Promise<User> {
    try {
      const [row] = await this.db.query<UserRow>(`update users set static_token_hash = $2 where id = $1 returning ${USER_COLUMNS}`, [userId, hashStaticToken(staticToken)]);
      if (!row) throw notFound("USER.NOT_FOUND", `user ${userId}`);
      return toUser(row);
    } catch (error) {
      throw writeError(error, `token of user ${userId}`);
    }
  }

  async deleteUser(userId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const gone = await tx.query<{ id: string }>("delete from users where id = $1 returning id", [userId]);
      if (gone.length === 0) return false;
      // the settings hold the user's sealed model key: it goes with them
      await tx.query("delete from settings where user_id = $1", [userId]);
      return true;
    });
  }

  async touchUser(userId: string, at = new Date()): Promise<void> {
    await this.db.query("update users set last_seen_at = $2 where id = $1", [userId, at]);
  }

  async getSettings(userId: string): Promise<UserSettings> {
    return readSettings(this.db, userId);
  }

  async patchSettings(userId: string, patch: SettingsPatch): Promise<UserSettings> {
    const valid = parseSettingsPatch(patch);
    try {
      return await this.db.transaction(async (tx) => {
        // the row must exist before it can be locked: concurrent first patches then apply one after the other
        await tx.query("insert into settings (user_id) values ($1) on conflict (user_id) do nothing", [userId]);
        const next = applySettingsPatch(await readSettings(tx, userId, "for update"), valid);
        await tx.query(
          `insert into settings (user_id, ${SETTINGS_COLUMNS})
           select $1, ${SETTINGS_COLUMNS} from jsonb_populate_record(null::settings, $2::jsonb)
           on conflict (user_id) do update set ${SETTINGS_COLUMNS.split(", ").map((c) => `${c} = excluded.${c}`).join(", ")}, updated_at = now()`,
          [userId, JSON.stringify(settingsJson(next))],
        );
        return next;
      });
    } catch (error) {
      throw writeError(error, `settings of user ${userId}`);
    }
  }
}

async function readSettings(db: SqlExecutor, userId: string, lock = ""): Promise<UserSettings> {
  const [row] = await db.query<SettingsRow>(`select ${SETTINGS_COLUMNS} from settings where user_id = $1 ${lock}`, [userId]);
  if (!row) return structuredClone(DEFAULT_SETTINGS);
  return {
    modelProfile: row.model_profile,
    ...(row.selected_role !== null ? { role: row.selected_role } : {}),
    ...(row.temperature !== null ? { temperature: row.temperature } : {}),
    ...(row.top_p !== null ? { topP: row.top_p } : {}),
    ...(row.thinking_enabled !== null ? { thinkingEnabled: row.thinking_enabled } : {}),
    ...(row.thinking_budget !== null ? { thinkingBudget: row.thinking_budget } : {}),
    ...(row.media_resolution !== null ? { mediaResolution: row.media_resolution } : {}),
    pageSettings: row.page_settings,
    ...(row.model_key_provider !== null && row.model_key_sealed !== null
      ? { modelKey: { provider: row.model_key_provider, sealed: row.model_key_sealed, ...(row.model_base_url_sealed !== null ? { sealedBaseUrl: row.model_base_url_sealed } : {}) } }
      : {}),
  };
}

function settingsJson(s: UserSettings): Record<string, unknown> {
  return {
    model_profile: s.modelProfile,
    selected_role: s.role ?? null,
    temperature: s.temperature ?? null,
    top_p: s.topP ?? null,
    thinking_enabled: s.thinkingEnabled ?? null,
    thinking_budget: s.thinkingBudget ?? null,
    media_resolution: s.mediaResolution ?? null,
    page_settings: s.pageSettings,
    model_key_provider: s.modelKey?.provider ?? null,
    model_key_sealed: s.modelKey?.sealed ?? null,
    model_base_url_sealed: s.modelKey?.sealedBaseUrl ?? null,
  };
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    ...(row.last_seen_at ? { lastSeenAt: row.last_seen_at.toISOString() } : {}),
  };
}
