import { z } from "zod";
import type { User } from "../../../core/domain/user.js";
import { WireUser, toWireUser } from "./wire-user.js";

/** `POST /auth/exchange`: the static token a user was given, for a JWT. */
export const ExchangeBody = z.strictObject({ static_token: z.string().min(1).max(4_096) }).meta({ id: "ExchangeRequest" });

/**
 * `POST /auth/exchange` and `POST /auth/refresh` (our addition: a valid JWT buys a fresh one without the static
 * token). `expires_in` is in seconds: the Python client stores `now + expires_in`.
 */
export const WireToken = z
  .object({ access_token: z.string(), token_type: z.literal("bearer"), expires_in: z.number().int().positive(), user: WireUser })
  .meta({ id: "Token" });

export type WireToken = z.infer<typeof WireToken>;

export function toWireToken(token: { accessToken: string; expiresInSeconds: number; user: User }): WireToken {
  return { access_token: token.accessToken, token_type: "bearer", expires_in: token.expiresInSeconds, user: toWireUser(token.user) };
}
