export interface RolePrompt {
  name: string;
  content: string;
  description?: string;
  isActive: boolean;
  /** 1 on creation, +1 whenever the content changes. */
  version: number;
  updatedAt: string;
}

export interface RolePromptInput {
  /** 1..200 characters; unique per owner. */
  name: string;
  /** 1..100 000 characters of instructions. */
  content: string;
  description?: string;
  isActive?: boolean;
}

export const RolePromptStore = Symbol.for("aizoomdoc.RolePromptStore");

/**
 * A user's own role prompts (the reference's `user_prompts`), chosen by name in the settings (`role`).
 * Built-in roles are prompt files and never stored here.
 *
 * Contract: scoped to an owner (another owner's roles are invisible); `saveRole` creates or replaces the role of
 * that name and bumps `version` when the content changes; invalid input is `VALIDATION.INVALID_INPUT`;
 * `listRoles` is ordered by name; `deleteRole` returns whether a role was deleted.
 */
export interface RolePromptStore {
  listRoles(ownerId: string, options?: { includeInactive?: boolean }): Promise<RolePrompt[]>;
  getRole(ownerId: string, name: string): Promise<RolePrompt | undefined>;
  saveRole(ownerId: string, role: RolePromptInput): Promise<RolePrompt>;
  deleteRole(ownerId: string, name: string): Promise<boolean>;
}
