import { BUILT_IN_ROLES, isBuiltInRole } from "../agent/built-in-roles.js";
import type { AgentSettingsInput } from "../agent/agent-settings.js";
import { invalidInput } from "../domain/errors.js";
import type { SecretBox } from "../domain/secret-box.js";
import { type PublicSettings, type PublicSettingsPatch, type SealedModelKey, type UserSettings, publicSettings } from "../domain/user.js";
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
  /**
   * Where users may point their own OpenAI-compatible server: `any`, or URL prefixes (same origin, path under
   * the prefix's). Absent = nowhere: a server the deployment calls for a user reaches what the deployment's network reaches.
   */
  userBaseUrls?: "any" | readonly string[];
}

/** The stored settings as a run applies them, with the user's own model server when they have one that may be used. */
export type RunSettings = AgentSettingsInput & { modelBaseUrl?: string };

/** The provider whose servers users may run themselves. */
const OWN_SERVER_PROVIDER = "openai-compatible";

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

  /**
   * `null` removes the key (and the user's own server); the runs then use the deployment's model, or evidence-only
   * mode without one. A base URL is checked against the deployment's allowed prefixes before anything is written.
   */
  async setModelKey(key: ModelKeyInput | null): Promise<PublicSettings> {
    if (key === null) return publicSettings(await this.deps.users.patchSettings(this.deps.ownerId, { modelKey: null }));
    const provider = (typeof key?.provider === "string" && key.provider.trim()) || this.deps.modelProvider;
    const baseUrl = typeof key?.baseUrl === "string" && key.baseUrl.trim() ? this.checkedBaseUrl(key.baseUrl.trim(), provider) : undefined;
    const trimmed = typeof key?.key === "string" ? key.key.trim() : "";
    // a server of the user's own may take no key: an empty key is sealed, so the stored pair stays whole
    if (!(API_KEY.test(trimmed) || (baseUrl !== undefined && trimmed === ""))) {
      throw invalidInput("model key: expected 8–512 printable characters without spaces", { field: "key" });
    }
    const box = await this.deps.secrets();
    const modelKey = { provider, sealed: box.seal(trimmed), ...(baseUrl !== undefined ? { sealedBaseUrl: box.seal(baseUrl) } : {}) };
    return publicSettings(await this.deps.users.patchSettings(this.deps.ownerId, { modelKey }));
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
  async runSettings(roleOverride?: string): Promise<RunSettings> {
    const stored = await this.deps.users.getSettings(this.deps.ownerId);
    const roleName = roleOverride ?? stored.role;
    return {
      ...parametersOf(stored),
      ...(roleName ? await this.roleOf(roleName) : {}),
      ...(stored.modelKey?.provider === this.deps.modelProvider ? await this.ownModel(stored.modelKey) : {}),
    };
  }

  /** The user's key, opened, and their server where the deployment (still) allows it: its prefixes may have narrowed since. */
  private async ownModel(modelKey: SealedModelKey): Promise<Pick<RunSettings, "apiKey" | "modelBaseUrl">> {
    const box = await this.deps.secrets();
    const apiKey = box.open(modelKey.sealed);
    const baseUrl = modelKey.sealedBaseUrl !== undefined ? box.open(modelKey.sealedBaseUrl) : undefined;
    if (baseUrl !== undefined) this.checkedBaseUrl(baseUrl, modelKey.provider);
    return { ...(apiKey ? { apiKey } : {}), ...(baseUrl !== undefined ? { modelBaseUrl: baseUrl } : {}) };
  }

  private checkedBaseUrl(value: string, provider: string): string {
    if (provider !== OWN_SERVER_PROVIDER) throw invalidInput(`model key: a server of your own is for the ${OWN_SERVER_PROVIDER} provider, not ${provider}`, { field: "baseUrl" });
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw invalidInput("model server: expected an http(s) URL up to its API root (http://gpu-box:8000/v1)", { field: "baseUrl" });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw invalidInput("model server: expected an http(s) URL", { field: "baseUrl" });
    const allowed = this.deps.userBaseUrls;
    if (allowed === undefined) {
      throw invalidInput("model server: this deployment does not let users choose their own model server (its operator allows it with AIZOOMDOC_MODEL_USER_BASE_URLS)", { field: "baseUrl" });
    }
    if (allowed !== "any" && !allowed.some((prefix) => underPrefix(url, prefix))) {
      throw invalidInput(`model server: ${url.origin} is not among the servers this deployment allows (${allowed.join(", ")})`, { field: "baseUrl" });
    }
    return value;
  }

  private async roleOf(name: string): Promise<{ role: string } | { roleText: string }> {
    if (isBuiltInRole(name)) return { role: name };
    const own = await this.deps.roles.getRole(this.deps.ownerId, name);
    if (own?.isActive) return { roleText: own.content };
    const yours = (await this.deps.roles.listRoles(this.deps.ownerId)).map((r) => r.name);
    throw invalidInput(`unknown role ${JSON.stringify(name)}: built-in ${BUILT_IN_ROLES.join(", ")}${yours.length ? `; yours ${yours.join(", ")}` : ""}`);
  }
}

/** The same origin, and a path at or under the prefix's (`http://gpu:8000` never matches `http://gpu:8000.example`). */
function underPrefix(url: URL, prefix: string): boolean {
  const allowed = new URL(prefix);
  const base = allowed.pathname.endsWith("/") ? allowed.pathname : `${allowed.pathname}/`;
  return url.origin === allowed.origin && (url.pathname === allowed.pathname || `${url.pathname}/`.startsWith(base));
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
