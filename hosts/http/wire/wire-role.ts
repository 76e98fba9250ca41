import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { z } from "zod";
import type { RoleSummary } from "../../../core/application/aizoomdoc-api.js";
import type { PromptTemplate } from "../../../core/ports/prompt-library.js";
import { WireTime, queryBoolean, wireTime } from "./wire-primitives.js";

/**
 * The number a role goes by on the wire. Roles are named in our domain; the reference numbers them
 * (`selected_role_prompt_id`, a bigint) and its Python client sends that number back. The first 48 bits of the
 * name's sha256 are stable across restarts and stores, exact in a JSON number, and collide only by astronomical chance.
 */
export function roleWireId(name: string): number {
  const digest = sha256(utf8ToBytes(name));
  return digest.slice(0, 6).reduce((value, byte) => value * 256 + byte, 0) + 1;
}

/** `GET /prompts/roles`: `active_only` is the reference's parameter (it ignored it; we apply it). */
export const RolesQuery = z.strictObject({ active_only: queryBoolean.optional() });

/** A role as the reference's `PromptUserRole` (`id` a number) plus `built_in`. */
export const WireRole = z
  .object({
    id: z.number().int().positive(),
    name: z.string(),
    content: z.string(),
    description: z.string().nullable(),
    is_active: z.boolean(),
    version: z.number().int().positive(),
    built_in: z.boolean(),
    created_at: WireTime,
    updated_at: WireTime,
  })
  .meta({ id: "Role" });

/** `GET /prompts`: the system prompt templates (ids and versions, not their text) and the roles. */
export const WirePrompts = z
  .object({ system: z.array(z.object({ id: z.string(), version: z.number().int() })), roles: z.array(WireRole) })
  .meta({ id: "Prompts" });

export type WireRole = z.infer<typeof WireRole>;
export type WirePrompts = z.infer<typeof WirePrompts>;

/** What the host knows of a role beyond its summary: its text and when it last changed, when it has them. */
export type RoleView = RoleSummary & { content?: string; updatedAt?: string };

/**
 * The Python client requires both timestamps; a built-in role has none of its own, so it takes `since` (when the
 * deployment loaded its prompts).
 */
export function toWireRole(role: RoleView, since: string): WireRole {
  const time = wireTime(role.updatedAt ?? since);
  return {
    id: roleWireId(role.name),
    name: role.name,
    content: role.content ?? "",
    description: role.description ?? null,
    is_active: role.isActive,
    version: role.version ?? 1,
    built_in: role.builtIn,
    created_at: time,
    updated_at: time,
  };
}

export function toWirePrompts(templates: ReadonlyArray<Pick<PromptTemplate, "id" | "version">>, roles: readonly RoleView[], since: string): WirePrompts {
  return { system: templates.map(({ id, version }) => ({ id, version })), roles: roles.map((role) => toWireRole(role, since)) };
}
