import { BUILT_IN_ROLES, isBuiltInRole } from "../agent/built-in-roles.js";
import type { AgentSettingsInput } from "../agent/agent-settings.js";
import { invalidInput } from "../domain/errors.js";
import type { SecretBox } from "../domain/secret-box.js";
import { type PublicSettings, type PublicSettingsPatch, type UserSettings, publicSettings } from "../domain/user.js";
import type { RolePrompt, RolePromptInput, RolePromptStore } from "../ports/role-prompt-store.js";
import type { PromptLibrary, PromptTemplateSummary } from "../ports/prompt-library.js";
import type { UserStore } from "../ports/user-store.js";
import type { AizoomdocApi, ModelKeyInput, RoleSummary } from "./aizoomdoc-api.js";

export interface SettingsServiceDeps {
  ownerId: string;
  users: Pick<UserStore, "getSettings" | "patchSettings">;
  roles: RolePromptStore;
  /** Seals the user's own API key before it is stored and opens it for a run; asked for only when needed. */
  secrets: () => Promise<SecretBox>;
  /** The templates the agent runs on (the role templates among them are listed as roles). */
  prompts: Pick<PromptLibrary, "list">;
  /** The provider the deployment's model adapter speaks: a user's key for another provider is kept but not used. */
  modelProvider: string;
}

// the built-in roles' templates (`role-engineer`…): users see them as roles, not as system prompts
const ROLE_TEMPLATE_PREFIX = "role-";

// printable ASCII without spaces: what API keys are made of; anything else is a paste accident
const API_KEY = /^[\x21-\x7e]{8,512}$/;

/**
 * A user's settings and roles (seed §settings): every field persisted and applied to their runs. The user's own
 * model key is sealed at rest and never handed back; a run opens it only to pass it to the model adapter.
 */
export class SettingsService implements Pick<AizoomdocApi, "getSettings" | "updateSettings" | "setModelKey" | "listRoles" | "saveRole" | "deleteRole" | "listSystemPrompts"> {
  constructor(private readonly deps: SettingsServiceDeps) {}

  async getSettings(): Promise<PublicSettings> {
    return publicSettings(await this.deps.users.getSettings(this.deps.ownerId));
  }

  /** A role is checked against the built-in and the user's active roles before anything is written. */
  async updateSettings(patch: PublicSettingsPatch): Promise<PublicSettings> {
    if (patch === null || typeof patch !== "object") throw invalidInput("settings: expected an object of fields");
    if ("modelKey" in patch) throw invalidInput("settings: the model key is not a settings field; it is set on its own", { field: "modelKey" });
    if (typeof patch.role === "string") await this.roleOf(patch.role.trim());
    return publicSettings(await this.deps.users.patchSettings(this.deps.ownerId, patch));
  }

  /** `null` removes the key; the runs then use the deployment's key, or evidence-only mode without one. */
  async setModelKey(key: ModelKeyInput | null): Promise<PublicSettings> {
    if (key === null) return publicSettings(await this.deps.users.patchSettings(this.deps.ownerId, { modelKey: null }));
    const trimmed = typeof key?.key === "string" ? key.key.trim() : "";
    if (!API_KEY.test(trimmed)) throw invalidInput("model key: expected 8–512 printable characters without spaces", { field: "key" });
    const provider = key.provider?.trim() || this.deps.modelProvider;
    const sealed = (await this.deps.secrets()).seal(trimmed);
    return publicSettings(await this.deps.users.patchSettings(this.deps.ownerId, { modelKey: { provider, sealed } }));
  }

  async listRoles(): Promise<RoleSummary[]> {
    const own = await this.deps.roles.listRoles(this.deps.ownerId, { includeInactive: true });
    return [...BUILT_IN_ROLES.map((name): RoleSummary => ({ name, builtIn: true, isActive: true })), ...own.map(summary)];
  }

  async saveRole(role: RolePromptInput): Promise<RoleSummary> {
    if (typeof role?.name === "string" && isBuiltInRole(role.name.trim())) throw invalidInput(`role ${JSON.stringify(role.name)}: the name of a built-in role`);
    return summary(await this.deps.roles.saveRole(this.deps.ownerId, role));
  }

  /** Deleting the selected role also clears the selection, so no run asks for a role that is gone. */
  async deleteRole(name: string): Promise<boolean> {
    const deleted = await this.deps.roles.deleteRole(this.deps.ownerId, name);
    const { role } = await this.deps.users.getSettings(this.deps.ownerId);
    if (deleted && role === name.trim()) await this.deps.users.patchSettings(this.deps.ownerId, { role: null });
    return deleted;
  }

  async listSystemPrompts(): Promise<PromptTemplateSummary[]> {
    return (await this.deps.prompts.list()).filter(({ id }) => !id.startsWith(ROLE_TEMPLATE_PREFIX));
  }

  /**
   * The stored settings as a run applies them: LLM parameters, the role (`roleOverride`, a request's choice, wins
   * over the stored one) resolved to a built-in prompt or the user's own text, and the user's key, opened.
   */
  async runSettings(roleOverride?: string): Promise<AgentSettingsInput> {
    const stored = await this.deps.users.getSettings(this.deps.ownerId);
    const roleName = roleOverride ?? stored.role;
    return {
      ...parametersOf(stored),
      ...(roleName ? await this.roleOf(roleName) : {}),
      ...(stored.modelKey?.provider === this.deps.modelProvider ? { apiKey: (await this.deps.secrets()).open(stored.modelKey.sealed) } : {}),
    };
  }

  private async roleOf(name: string): Promise<{ role: string } | { roleText: string }> {
    if (isBuiltInRole(name)) return { role: name };
    const own = await this.deps.roles.getRole(this.deps.ownerId, name);
    if (own?.isActive) return { roleText: own.content };
    const yours = (await this.deps.roles.listRoles(this.deps.ownerId)).map((r) => r.name);
    throw invalidInput(`unknown role ${JSON.stringify(name)}: built-in ${BUILT_IN_ROLES.join(", ")}${yours.length ? `; yours ${yours.join(", ")}` : ""}`);
  }
}

function summary(role: RolePrompt): RoleSummary {
  return { name: role.name, builtIn: false, isActive: role.isActive, version: role.version, ...(role.description ? { description: role.description } : {}) };
}

function parametersOf(settings: UserSettings): AgentSettingsInput {
  return {
    profile: settings.modelProfile,
    ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
    ...(settings.topP !== undefined ? { topP: settings.topP } : {}),
    ...(settings.thinkingEnabled !== undefined
      ? { thinking: { enabled: settings.thinkingEnabled, ...(settings.thinkingBudget !== undefined ? { budgetTokens: settings.thinkingBudget } : {}) } }
      : {}),
    ...(settings.mediaResolution ? { mediaResolution: settings.mediaResolution } : {}),
  };
}
