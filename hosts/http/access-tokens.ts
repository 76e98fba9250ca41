import { randomUUID, webcrypto } from "node:crypto";
import { SignJWT, jwtVerify, errors } from "jose";
import { LRUCache } from "lru-cache";
import { DomainError } from "../../core/domain/errors.js";

/** What a verified token says: whose it is. */
export interface TokenClaims {
  userId: string;
}

export interface IssuedToken {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresInSeconds: number;
}

const ALGORITHM = "HS256";
const ISSUER = "aizoomdoc";

const unauthorized = (message: string) => new DomainError("AUTH.UNAUTHORIZED", message);
const expired = () => unauthorized("the token has expired: refresh it or sign in again");

/** Tokens whose signature was checked, kept at most: more signed-in clients than this are simply verified more often. */
const VERIFIED_TOKENS = 10_000;

interface Verified extends TokenClaims {
  /** The token's `exp`, in milliseconds. */
  expiresAtMs: number;
}

/**
 * Access tokens: HS256 JWTs as the reference issues them (`sub`, `iat`, `exp`, `type: "access"`). A still-valid token
 * buys a fresh one (`POST /auth/refresh`), so a client renews access without keeping the static token. Every failure
 * to verify — missing, malformed, forged, expired, the wrong type — is `AUTH.UNAUTHORIZED`, never a server error.
 */
export class AccessTokens {
  /** Imported once: given raw bytes, jose imports the key again on every sign and verify. */
  private readonly key: Promise<webcrypto.CryptoKey>;
  /**
   * Tokens already verified, with their expiry. Checking the HMAC on every request cost a signed-in route a fifth of
   * its time (bench/server.bench.ts); a token's claims cannot change, so its signature is checked once and its expiry
   * on every use. Only tokens that passed the check get here, keyed by the whole token.
   */
  private readonly verified = new LRUCache<string, Verified>({ max: VERIFIED_TOKENS });
  private readonly now: () => number;

  constructor(secret: string | Uint8Array, private readonly accessTtlSeconds: number, options: { now?: () => number } = {}) {
    const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
    this.key = webcrypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    this.now = options.now ?? Date.now;
  }

  async issue(userId: string): Promise<IssuedToken> {
    return { accessToken: await this.sign(userId, this.accessTtlSeconds), expiresInSeconds: this.accessTtlSeconds };
  }

  verify(token: string | undefined): Promise<TokenClaims> {
    return this.check(token);
  }

  private async sign(userId: string, ttlSeconds: number): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1_000);
    return new SignJWT({ type: "access" })
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setIssuedAt(issuedAt)
      .setJti(randomUUID())
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(await this.key);
  }

  private async check(token: string | undefined): Promise<TokenClaims> {
    if (!token) throw unauthorized("no access token: sign in with POST /auth/exchange and send `Authorization: Bearer <token>`");
    const known = this.verified.get(token);
    if (known) {
      if (this.now() >= known.expiresAtMs) {
        this.verified.delete(token);
        throw expired();
      }
      return { userId: known.userId };
    }
    try {
      const { payload } = await jwtVerify(token, await this.key, { algorithms: [ALGORITHM], issuer: ISSUER, requiredClaims: ["exp"], currentDate: new Date(this.now()) });
      if (payload.type !== "access" || typeof payload.sub !== "string" || payload.sub.length === 0) throw unauthorized("not an access token");
      this.verified.set(token, { userId: payload.sub, expiresAtMs: payload.exp! * 1_000 });
      return { userId: payload.sub };
    } catch (error) {
      if (DomainError.isInstance(error)) throw error;
      if (error instanceof errors.JWTExpired) throw expired();
      throw unauthorized("the token is not valid");
    }
  }
}
