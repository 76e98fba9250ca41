import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { invalidInput } from "./errors.js";

export type UserRole = "user" | "admin";
export type UserStatus = "active" | "inactive" | "blocked";

export interface User {
  id: string;
  username: string;
  role: UserRole;
  status: UserStatus;
  createdAt: string;
  lastSeenAt?: string;
}

/** The most characters a username has (the `users.username` column's limit). */
export const USERNAME_MAX_LENGTH = 100;

/**
 * A username as an admin types it, made canonical: trimmed, NFC, 1–100 characters, no control characters (names are
 * printed one a line). `VALIDATION.INVALID_INPUT` says what is wrong.
 */
export function parseUsername(input: string): string {
  const name = typeof input === "string" ? input.trim().normalize("NFC") : "";
  if (name.length === 0) throw invalidInput("username: empty", { field: "username" });
  if ([...name].length > USERNAME_MAX_LENGTH) throw invalidInput(`username: longer than ${USERNAME_MAX_LENGTH} characters`, { field: "username" });
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name)) throw invalidInput("username: has a control or invisible character", { field: "username" });
  return name;
}

/** The form two usernames are compared in: "Anna" and "anna" are one user (stores keep it unique). */
export function usernameKey(username: string): string {
  return username.normalize("NFC").toLowerCase();
}

/** Every static token AIZoomDoc issues starts so, which makes a leaked one recognisable (secret scanners, logs). */
export const STATIC_TOKEN_PREFIX = "azd_";

/** A new static token: the prefix and 32 random bytes, base64url (shown once, then stored only as its digest). */
export function newStaticToken(): string {
  return `${STATIC_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** Static tokens are stored only as this digest (sha256, lowercase hex). */
export function hashStaticToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Compares two token digests in constant time (digests of unequal length are simply unequal). */
export function sameTokenHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** Every user setting (seed: model profile, role, temperature, top_p, thinking, media resolution); all persisted and applied. */
export interface UserSettings {
  modelProfile: "simple" | "complex";
  /** Name of the selected role prompt; absent = no role. */
  role?: string;
  /** Absent LLM parameters mean "the model's default". */
  temperature?: number;
  topP?: number;
  thinkingEnabled?: boolean;
  thinkingBudget?: number;
  mediaResolution?: "low" | "medium" | "high";
  /** Free-form per-page client settings (kept as the reference's `page_settings`). */
  pageSettings: Record<string, unknown>;
  /** The user's own model key for one provider, sealed by the application; never returned to clients. */
  modelKey?: SealedModelKey;
}

/**
 * A model key at rest: which provider it is for (data, not code: `gemini`, `openai-compatible`…) and its sealed
 * bytes (an empty key sealed for a server that takes none), with the user's own server's base URL sealed too.
 */
export interface SealedModelKey {
  provider: string;
  sealed: string;
  sealedBaseUrl?: string;
}

/** Settings as clients see them: the key and the server never leave the store, only which provider and whether a server is set. */
export type PublicSettings = Omit<UserSettings, "modelKey"> & { modelKey: { provider: string; ownServer: boolean } | null };

export function publicSettings(settings: UserSettings): PublicSettings {
  const { modelKey, ...rest } = settings;
  return { ...rest, modelKey: modelKey ? { provider: modelKey.provider, ownServer: modelKey.sealedBaseUrl !== undefined } : null };
}

/** A change of settings as clients send it: the key is set through its own call, which seals it. */
export type PublicSettingsPatch = Omit<SettingsPatch, "modelKey">;

export const DEFAULT_SETTINGS: UserSettings = { modelProfile: "simple", pageSettings: {} };

/** A change of settings: a field set to `null` goes back to its default (a role can be cleared). */
export const SettingsPatchSchema = z
  .object({
    modelProfile: z.enum(["simple", "complex"]).nullable(),
    role: z.string().trim().min(1).max(200).nullable(),
    temperature: z.number().min(0).max(2).nullable(),
    topP: z.number().gt(0).max(1).nullable(),
    thinkingEnabled: z.boolean().nullable(),
    thinkingBudget: z.number().int().min(0).max(1_000_000).nullable(),
    mediaResolution: z.enum(["low", "medium", "high"]).nullable(),
    pageSettings: z.record(z.string(), z.unknown()).nullable(),
    modelKey: z.object({ provider: z.string().min(1).max(64), sealed: z.string().min(1), sealedBaseUrl: z.string().min(1).optional() }).strict().nullable(),
  })
  .partial()
  .strict();

export type SettingsPatch = z.input<typeof SettingsPatchSchema>;

/** Applies a validated patch to settings (shared by every `UserStore`, so they agree on the semantics). */
export function applySettingsPatch(current: UserSettings, patch: z.output<typeof SettingsPatchSchema>): UserSettings {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      if (key in DEFAULT_SETTINGS) next[key] = structuredClone(DEFAULT_SETTINGS[key as keyof UserSettings]);
      else delete next[key];
    } else next[key] = value;
  }
  return next as unknown as UserSettings;
}

/** Validates a settings patch; `VALIDATION.INVALID_INPUT` names the first bad field. */
export function parseSettingsPatch(patch: SettingsPatch): z.output<typeof SettingsPatchSchema> {
  const parsed = SettingsPatchSchema.safeParse(patch);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw invalidInput(`settings: ${issue.path.join(".") || Object.keys(patch).join(", ")}: ${issue.message}`);
}

const RolePromptSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    content: z.string().min(1).max(100_000),
    description: z.string().max(2_000).optional(),
    isActive: z.boolean().optional(),
  })
  .strict();

/** Validates a role prompt before it is saved (every `RolePromptStore` refuses alike). */
export function parseRolePrompt<T extends z.input<typeof RolePromptSchema>>(role: T): z.output<typeof RolePromptSchema> {
  const parsed = RolePromptSchema.safeParse(role);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw invalidInput(`role ${JSON.stringify(role.name)}: ${issue.path.join(".") || "(value)"}: ${issue.message}`);
}
