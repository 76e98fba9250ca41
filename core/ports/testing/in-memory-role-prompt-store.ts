import { parseRolePrompt } from "../../domain/user.js";
import type { RolePrompt, RolePromptInput, RolePromptStore } from "../role-prompt-store.js";

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Verified fake of `RolePromptStore` (passes the same contract suite as the SQL store). */
export class InMemoryRolePromptStore implements RolePromptStore {
  private readonly roles = new Map<string, Map<string, RolePrompt>>();

  async listRoles(ownerId: string, options: { includeInactive?: boolean } = {}): Promise<RolePrompt[]> {
    return [...(this.roles.get(ownerId)?.values() ?? [])]
      .filter((r) => options.includeInactive || r.isActive)
      .sort((a, b) => byCodePoint(a.name, b.name))
      .map((r) => structuredClone(r));
  }

  async getRole(ownerId: string, name: string): Promise<RolePrompt | undefined> {
    const role = this.roles.get(ownerId)?.get(name.trim());
    return role && structuredClone(role);
  }

  async saveRole(ownerId: string, input: RolePromptInput): Promise<RolePrompt> {
    const valid = parseRolePrompt(input);
    const owned = this.roles.get(ownerId) ?? new Map<string, RolePrompt>();
    this.roles.set(ownerId, owned);
    const previous = owned.get(valid.name);
    const role: RolePrompt = {
      name: valid.name,
      content: valid.content,
      ...(valid.description !== undefined ? { description: valid.description } : {}),
      isActive: valid.isActive ?? true,
      version: previous ? previous.version + (previous.content === valid.content ? 0 : 1) : 1,
      updatedAt: new Date().toISOString(),
    };
    owned.set(role.name, role);
    return structuredClone(role);
  }

  async deleteRole(ownerId: string, name: string): Promise<boolean> {
    return this.roles.get(ownerId)?.delete(name.trim()) ?? false;
  }
}
