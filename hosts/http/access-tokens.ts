import { randomUUID } from "node:crypto";
import { SignJWT, jwtVerify, errors } from "jose";
import { DomainError } from "../../core/domain/errors.js";

/** What a verified token says: whose it is. */
export interface TokenClaims {
  userId: string;
}

export interface IssuedTokens {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

const ALGORITHM = "HS256";
const ISSUER = "aizoomdoc";
const REFRESH_TTL_SECONDS = 30 * 24 * 3600;

const unauthorized = (message: string) => new DomainError("AUTH.UNAUTHORIZED", message);

/**
 * Access tokens (HS256 JWTs, as the reference issues: `sub`, `iat`, `exp`, `type: "access"`) and refresh tokens (the
 * same, `type: "refresh"`, longer lived), so a client renews access without keeping the static token. Every failure to
 * verify — missing, malformed, forged, expired, the wrong type — is `AUTH.UNAUTHORIZED`, never a server error.
 */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(secret: string | Uint8Array, private readonly accessTtlSeconds: number) {
    this.key = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  }

  async issue(userId: string): Promise<IssuedTokens> {
    return {
      accessToken: await this.sign(userId, "access", this.accessTtlSeconds),
      expiresIn: this.accessTtlSeconds,
      refreshToken: await this.sign(userId, "refresh", REFRESH_TTL_SECONDS),
      refreshExpiresIn: REFRESH_TTL_SECONDS,
    };
  }

  verifyAccess(token: string | undefined): Promise<TokenClaims> {
    return this.verify(token, "access");
  }

  verifyRefresh(token: string | undefined): Promise<TokenClaims> {
    return this.verify(token, "refresh");
  }

  private sign(userId: string, type: "access" | "refresh", ttlSeconds: number): Promise<string> {
    return new SignJWT({ type })
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  private async verify(token: string | undefined, type: "access" | "refresh"): Promise<TokenClaims> {
    if (!token) throw unauthorized("no access token: sign in with POST /auth/exchange and send `Authorization: Bearer <token>`");
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER });
      if (payload.type !== type || typeof payload.sub !== "string" || payload.sub.length === 0) throw unauthorized(`not an ${type} token`);
      return { userId: payload.sub };
    } catch (error) {
      if (DomainError.isInstance(error)) throw error;
      if (error instanceof errors.JWTExpired) throw unauthorized("the token has expired: refresh it or sign in again");
      throw unauthorized("the token is not valid");
    }
  }
}
