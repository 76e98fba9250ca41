import { randomUUID } from "node:crypto";
import { SignJWT, jwtVerify, errors } from "jose";
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

/**
 * Access tokens: HS256 JWTs as the reference issues them (`sub`, `iat`, `exp`, `type: "access"`). A still-valid token
 * buys a fresh one (`POST /auth/refresh`), so a client renews access without keeping the static token. Every failure
 * to verify — missing, malformed, forged, expired, the wrong type — is `AUTH.UNAUTHORIZED`, never a server error.
 */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(secret: string | Uint8Array, private readonly accessTtlSeconds: number) {
    this.key = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  }

  async issue(userId: string): Promise<IssuedToken> {
    return { accessToken: await this.sign(userId, this.accessTtlSeconds), expiresInSeconds: this.accessTtlSeconds };
  }

  verify(token: string | undefined): Promise<TokenClaims> {
    return this.check(token);
  }

  private sign(userId: string, ttlSeconds: number): Promise<string> {
    return new SignJWT({ type: "access" })
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  private async check(token: string | undefined): Promise<TokenClaims> {
    if (!token) throw unauthorized("no access token: sign in with POST /auth/exchange and send `Authorization: Bearer <token>`");
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER });
      if (payload.type !== "access" || typeof payload.sub !== "string" || payload.sub.length === 0) throw unauthorized("not an access token");
      return { userId: payload.sub };
    } catch (error) {
      if (DomainError.isInstance(error)) throw error;
      if (error instanceof errors.JWTExpired) throw unauthorized("the token has expired: refresh it or sign in again");
      throw unauthorized("the token is not valid");
    }
  }
}
