import { DomainError } from "../core/domain/errors.js";
import type { User } from "../core/domain/user.js";
import type { WireToken } from "../hosts/http/wire/wire-auth.js";
import { fromWireUser } from "./from-wire-user.js";

/** An access token (JWT) and when it expires (epoch milliseconds), as a client keeps it between runs. */
export interface AccessToken {
  accessToken: string;
  expiresAt: number;
}

export interface AccessSessionOptions {
  /** The static token a user was given: exchanged for access tokens, and again when one cannot be refreshed. */
  staticToken?: string;
  /** An access token kept from an earlier run (the CLI's config). */
  accessToken?: AccessToken;
  /** Refresh this long before expiry (default 60 s). */
  refreshMarginMs?: number;
  /** Told every new access token, so a caller can keep it (the CLI writes its config). */
  onToken?: (token: AccessToken, user: User) => void;
  now?: () => number;
}

/** How the session reaches the token routes: `bearer` absent is the exchange, present the refresh. */
export type TokenRequest = (request: { path: "/auth/exchange" | "/auth/refresh"; body: object; bearer?: string; signal?: AbortSignal }) => Promise<WireToken>;

/** The `sub` of a JWT, read (not verified: the server does that) so a kept token still says whose it is. */
function subjectOf(jwt: string): string | undefined {
  const payload = jwt.split(".")[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { sub?: unknown };
    return typeof json.sub === "string" ? json.sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The client's access: signs in with the static token, refreshes the JWT before it expires (`/auth/refresh`, which
 * needs no static token) and once more when the server refuses it, falling back to a new exchange. Concurrent calls
 * share one renewal.
 */
export class AccessSession {
  private token?: AccessToken;
  private userId?: string;
  private renewing?: Promise<string>;
  private readonly now: () => number;
  private readonly marginMs: number;

  constructor(
    private readonly request: TokenRequest,
    private readonly options: AccessSessionOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.marginMs = options.refreshMarginMs ?? 60_000;
    if (options.accessToken) this.keep(options.accessToken, subjectOf(options.accessToken.accessToken));
  }

  /** The signed-in user's id (what the server's records are owned by). */
  async ownerId(signal?: AbortSignal): Promise<string> {
    await this.bearer(signal);
    if (!this.userId) throw new DomainError("AUTH.UNAUTHORIZED", "the access token names no user: sign in again");
    return this.userId;
  }

  /** Exchanges the static token now. */
  async signIn(signal?: AbortSignal): Promise<User> {
    return this.exchange(signal);
  }

  /** A token to send: the current one, or a fresh one when it is about to expire. */
  async bearer(signal?: AbortSignal): Promise<string> {
    if (this.renewing) return this.renewing;
    if (!this.token) return this.renew(undefined, signal);
    if (this.now() >= this.token.expiresAt - this.marginMs) return this.renew(this.token.accessToken, signal);
    return this.token.accessToken;
  }

  /** After the server refused `rejected`: a new token (once per token; a renewal already done is reused). */
  async renew(rejected: string | undefined, signal?: AbortSignal): Promise<string> {
    if (this.token && this.token.accessToken !== rejected) return this.token.accessToken;
    this.renewing ??= this.replace(rejected, signal).finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async replace(rejected: string | undefined, signal?: AbortSignal): Promise<string> {
    const stillValid = rejected !== undefined && this.token !== undefined && this.now() < this.token.expiresAt;
    if (stillValid) {
      try {
        return this.accept(await this.request({ path: "/auth/refresh", body: {}, bearer: rejected, ...(signal ? { signal } : {}) }));
      } catch (error) {
        if (!this.options.staticToken || !DomainError.isInstance(error) || error.code !== "AUTH.UNAUTHORIZED") throw error;
      }
    }
    await this.exchange(signal);
    return this.token!.accessToken;
  }

  private async exchange(signal?: AbortSignal): Promise<User> {
    if (!this.options.staticToken) throw new DomainError("AUTH.UNAUTHORIZED", "the access token has expired and no static token was given: sign in again");
    const wire = await this.request({ path: "/auth/exchange", body: { static_token: this.options.staticToken }, ...(signal ? { signal } : {}) });
    this.accept(wire);
    return fromWireUser(wire.user);
  }

  private accept(wire: WireToken): string {
    const token = { accessToken: wire.access_token, expiresAt: this.now() + wire.expires_in * 1_000 };
    this.keep(token, wire.user.id);
    this.options.onToken?.(token, fromWireUser(wire.user));
    return token.accessToken;
  }

  private keep(token: AccessToken, userId: string | undefined): void {
    this.token = token;
    if (userId) this.userId = userId;
  }
}
