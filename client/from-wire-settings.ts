import type { ModelKeyInput, RoleSummary } from "../core/application/aizoomdoc-api.js";
import type { PublicSettings, PublicSettingsPatch } from "../core/domain/user.js";
import type { WireRole } from "../hosts/http/wire/wire-role.js";
import type { ModelKeyBody, SettingsPatchBody, WireSettings } from "../hosts/http/wire/wire-settings.js";
import type { z } from "zod";

export function fromWireSettings(wire: WireSettings): PublicSettings {
  return {
    modelProfile: wire.model_profile,
    ...(wire.role !== null ? { role: wire.role } : {}),
    ...(wire.temperature !== undefined ? { temperature: wire.temperature } : {}),
    ...(wire.top_p !== undefined ? { topP: wire.top_p } : {}),
    ...(wire.thinking_enabled !== undefined ? { thinkingEnabled: wire.thinking_enabled } : {}),
    ...(wire.thinking_budget !== undefined ? { thinkingBudget: wire.thinking_budget } : {}),
    ...(wire.media_resolution !== undefined ? { mediaResolution: wire.media_resolution } : {}),
    pageSettings: wire.page_settings,
    modelKey: wire.model_key ? { provider: wire.model_key.provider, ownServer: wire.model_key.own_server } : null,
  };
}

/** The wire patch for a domain patch: the role goes by its name (the server also takes the reference's number). */
export function toWireSettingsPatch(patch: PublicSettingsPatch): z.input<typeof SettingsPatchBody> {
  return {
    ...(patch.modelProfile !== undefined ? { model_profile: patch.modelProfile } : {}),
    ...(patch.role !== undefined ? { role: patch.role } : {}),
    ...(patch.temperature !== undefined ? { temperature: patch.temperature } : {}),
    ...(patch.topP !== undefined ? { top_p: patch.topP } : {}),
    ...(patch.thinkingEnabled !== undefined ? { thinking_enabled: patch.thinkingEnabled } : {}),
    ...(patch.thinkingBudget !== undefined ? { thinking_budget: patch.thinkingBudget } : {}),
    ...(patch.mediaResolution !== undefined ? { media_resolution: patch.mediaResolution } : {}),
    ...(patch.pageSettings !== undefined ? { page_settings: patch.pageSettings } : {}),
  };
}

/** The wire body of a model key: the key itself travels only this once, to be sealed by the server. */
export function toWireModelKey(key: ModelKeyInput): z.input<typeof ModelKeyBody> {
  return {
    ...(key.key !== undefined ? { key: key.key } : {}),
    ...(key.provider !== undefined ? { provider: key.provider } : {}),
    ...(key.baseUrl !== undefined ? { base_url: key.baseUrl } : {}),
  };
}

/** A role summary; the wire numbers every role's version (a built-in one is 1), the domain versions only the user's own. */
export function fromWireRole(wire: WireRole): RoleSummary {
  return {
    name: wire.name,
    builtIn: wire.built_in,
    isActive: wire.is_active,
    ...(wire.description !== null ? { description: wire.description } : {}),
    ...(wire.built_in ? {} : { version: wire.version }),
  };
}
