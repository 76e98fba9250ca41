import { parseRolePrompt } from "../../core/domain/user.js";
import type { RolePrompt, RolePromptInput, RolePromptStore } from "../../core/ports/role-prompt-store.js";
import type { SqlDriver } from "./sql-driver.js";

interface RoleRow {
  name: string;
  content: string;
  description: string | null;
  is_active: boolean;
  version: number;
  updated_at: Date;
}

const ROLE_COLUMNS = "name, content, description, is_active, version, updated_at";

/** `RolePromptStore` over the reference's `user_prompts` table. */
export class SqlRolePromptStore implements RolePromptStore {
  constructor(private readonly db: SqlDriver) {}

  async listRoles(ownerId: string, options: { includeInactive?: boolean } = {}): Promise<RolePrompt[]> {
    const rows = await this.db.query<RoleRow>(
      `select ${ROLE_COLUMNS} from user_prompts where user_id = $1 and ($2 or is_active) order by name collate "C"`,
      [ownerId, options.includeInactive ?? false],
    );
    return rows.map(toRole);
  }

  async getRole(ownerId: string, name: string): Promise<RolePrompt | undefined> {
    const [row] = await this.db.query<RoleRow>(`select ${ROLE_COLUMNS} from user_prompts where user_id = $1 and name = $2`, [ownerId, name.trim()]);
    return row && toRole(row);
  }

  async saveRole(ownerId: string, role: RolePromptInput): Promise<RolePrompt> {
    const valid = parseRolePrompt(role);
    const [row] = await this.db.query<RoleRow>(
      `insert into user_prompts (user_id, name, content, description, is_active) values ($1, $2, $3, $4, $5)
       on conflict (user_id, name) do update set content = excluded.content, description = excluded.description,
         is_active = excluded.is_active, updated_at = now(),
         version = user_prompts.version + (user_prompts.content is distinct from excluded.content)::int
       returning ${ROLE_COLUMNS}`,
      [ownerId, valid.name, valid.content, valid.description ?? null, valid.isActive ?? true],
    );
    return toRole(row!);
  }

  async deleteRole(ownerId: string, name: string): Promise<boolean> {
    const deleted = await this.db.query("delete from user_prompts where user_id = $1 and name = $2 returning id", [ownerId, name.trim()]);
    return deleted.length > 0;
  }
}

function toRole(row: RoleRow): RolePrompt {
  return {
    name: row.name,
    content: row.content,
    ...(row.description !== null ? { description: row.description } : {}),
    isActive: row.is_active,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}
