import { z } from "zod";
import type { ModelKeyInput, RoleSummary } from "../../../core/application/aizoomdoc-api.js";
import { DomainError, invalidInput } from "../../../core/domain/errors.js";
import type { PublicSettings, PublicSettingsPatch, User } from "../../../core/domain/user.js";
import { roleWireId } from "./wire-role.js";
import { WireUser, toWireUser } from "./wire-user.js";

const profile = z.enum(["simple", "complex"]);
const mediaResolution = z.enum(["low", "medium", "high"]);
// the same bounds as the domain's SettingsPatchSchema, so the wire refuses exactly what the core would
const temperature = z.number().min(0).max(2);
const topP = z.number().gt(0).max(1);
const thinkingBudget = z.number().int().min(0).max(1_000_000);
const pageSettings = z.record(z.string(), z.unknown());

/**
 * The user's settings, all seven seed fields and the role both ways: `selected_role_prompt_id` (the reference's
 * number, see `roleWireId`) and `role` (its name). An LLM parameter the user never set is absent: the model's
 * default applies (the Python client then shows its own defaults).
 */
export const WireSettings = z
  .object({
    model_profile: profile,
    selected_role_prompt_id: z.number().int().positive().nullable(),
    role: z.string().nullable(),
    temperature: temperature.optional(),
    top_p: topP.optional(),
    thinking_enabled: z.boolean().optional(),
    thinking_budget: thinkingBudget.optional(),
    media_resolution: mediaResolution.optional(),
    page_settings: pageSettings,
    /**
     * Which provider the user's own model key is for, and whether their own server (base URL) is stored with it;
     * neither the key nor the URL ever leaves the server.
     */
    model_key: z.object({ provider: z.string(), own_server: z.boolean().default(false) }).nullable(),
  })
  .meta({ id: "Settings" });

/**
 * `PATCH /me/settings` and `POST /settings`: every field optional; `null` resets a field to its default (so a role
 * can be cleared, which the reference could not). The role can be named or given by its wire number.
 */
export const SettingsPatchBody = z
  .strictObject({
    model_profile: profile.nullable(),
    selected_role_prompt_id: z.number().int().positive().nullable(),
    role: z.string().trim().min(1).max(200).nullable(),
    temperature: temperature.nullable(),
    top_p: topP.nullable(),
    thinking_enabled: z.boolean().nullable(),
    thinking_budget: thinkingBudget.nullable(),
    media_resolution: mediaResolution.nullable(),
    page_settings: pageSettings.nullable(),
  })
  .partial()
  .meta({ id: "SettingsPatch" });

/**
 * `PUT /me/model-key`: the user's own model key, and for `openai-compatible` their own server (both sealed at rest,
 * never returned). A key may be left out with `base_url` (a self-hosted server often takes none).
 */
export const ModelKeyBody = z
  .strictObject({
    key: z.string().max(512).optional(),
    provider: z.string().trim().min(1).max(64).optional(),
    base_url: z.string().max(2_048).optional(),
  })
  .meta({ id: "ModelKey" });

/** The domain's input for a wire model key. */
export function fromWireModelKey(body: z.output<typeof ModelKeyBody>): ModelKeyInput {
  return {
    ...(body.key !== undefined ? { key: body.key } : {}),
    ...(body.provider !== undefined ? { provider: body.provider } : {}),
    ...(body.base_url !== undefined ? { baseUrl: body.base_url } : {}),
  };
}

/** `GET /me`: the reference's `{user, settings, gemini_api_key_configured}`. */
export const WireMe = z.object({ user: WireUser, settings: WireSettings, gemini_api_key_configured: z.boolean() }).meta({ id: "Me" });

export type WireSettings = z.infer<typeof WireSettings>;
export type WireMe = z.infer<typeof WireMe>;

export function toWireSettings(settings: PublicSettings): WireSettings {
  return {
    model_profile: settings.modelProfile,
    selected_role_prompt_id: settings.role ? roleWireId(settings.role) : null,
    role: settings.role ?? null,
    ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
    ...(settings.topP !== undefined ? { top_p: settings.topP } : {}),
    ...(settings.thinkingEnabled !== undefined ? { thinking_enabled: settings.thinkingEnabled } : {}),
    ...(settings.thinkingBudget !== undefined ? { thinking_budget: settings.thinkingBudget } : {}),
    ...(settings.mediaResolution !== undefined ? { media_resolution: settings.mediaResolution } : {}),
    page_settings: settings.pageSettings,
    model_key: settings.modelKey ? { provider: settings.modelKey.provider, own_server: settings.modelKey.ownServer } : null,
  };
}

export function toWireMe(user: User, settings: PublicSettings): WireMe {
  return { user: toWireUser(user), settings: toWireSettings(settings), gemini_api_key_configured: settings.modelKey?.provider === "gemini" };
}

/**
 * The domain patch for a wire patch. A role number is looked up among the user's roles (`ROLE.NOT_FOUND`, a 404 as
 * in the reference, when none has it); a number and a name that disagree are refused rather than guessed between.
 */
export function fromWireSettingsPatch(body: z.output<typeof SettingsPatchBody>, roles: readonly RoleSummary[]): PublicSettingsPatch {
  const patch: PublicSettingsPatch = {};
  if (body.model_profile !== undefined) patch.modelProfile = body.model_profile;
  const role = roleOf(body, roles);
  if (role !== undefined) patch.role = role;
  if (body.temperature !== undefined) patch.temperature = body.temperature;
  if (body.top_p !== undefined) patch.topP = body.top_p;
  if (body.thinking_enabled !== undefined) patch.thinkingEnabled = body.thinking_enabled;
  if (body.thinking_budget !== undefined) patch.thinkingBudget = body.thinking_budget;
  if (body.media_resolution !== undefined) patch.mediaResolution = body.media_resolution;
  if (body.page_settings !== undefined) patch.pageSettings = body.page_settings;
  return patch;
}

function roleOf(body: z.output<typeof SettingsPatchBody>, roles: readonly RoleSummary[]): string | null | undefined {
  const byId = body.selected_role_prompt_id;
  if (byId === undefined || byId === null) {
    if (byId === null && typeof body.role === "string") throw invalidInput("settings: selected_role_prompt_id is null but role names a role", { field: "role" });
    return body.role !== undefined ? body.role : byId;
  }
  const named = roles.find((role) => roleWireId(role.name) === byId);
  if (!named) throw new DomainError("ROLE.NOT_FOUND", `role prompt ${byId} not found`, { details: { selected_role_prompt_id: byId } });
  if (typeof body.role === "string" && body.role !== named.name) {
    throw invalidInput(`settings: selected_role_prompt_id ${byId} is role ${JSON.stringify(named.name)}, not ${JSON.stringify(body.role)}`, { field: "role" });
  }
  if (body.role === null) throw invalidInput("settings: role is null but selected_role_prompt_id names a role", { field: "role" });
  return named.name;
}
