import { z } from "zod";
import type { User } from "../../../core/domain/user.js";
import { WireId, WireTime, wireTime } from "./wire-primitives.js";

/** The user as the reference sends it (`id, username, status, created_at`) plus our `role` and `last_seen_at`. */
export const WireUser = z
  .object({
    id: WireId,
    username: z.string(),
    status: z.enum(["active", "inactive", "blocked"]),
    role: z.enum(["user", "admin"]),
    created_at: WireTime,
    last_seen_at: WireTime.nullable(),
  })
  .meta({ id: "User" });

export type WireUser = z.infer<typeof WireUser>;

export function toWireUser(user: User): WireUser {
  return {
    id: user.id,
    username: user.username,
    status: user.status,
    role: user.role,
    created_at: wireTime(user.createdAt),
    last_seen_at: user.lastSeenAt ? wireTime(user.lastSeenAt) : null,
  };
}
