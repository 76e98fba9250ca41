import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { AccessTokens } from "./access-tokens.js";

const SECRET = "a-test-secret-that-is-long-enough-for-hs256";

/** A clock the test moves by hand. */
function clock(start = Date.UTC(2026, 11, 2, 12)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => "verified", (error: { code?: string; message: string }) => `${error.code}: ${error.message}`);

describe("AccessTokens", () => {
  it("verifies the tokens it issues, and says whose they are", async () => {
    const tokens = new AccessTokens(SECRET, 60);
    const { accessToken, expiresInSeconds } = await tokens.issue("user-1");
    expect(expiresInSeconds).toBe(60);
    await expect(tokens.verify(accessToken)).resolves.toEqual({ userId: "user-1" });
  });

  it("refuses a token once it has expired, also one it verified before", async () => {
    const time = clock();
    const tokens = new AccessTokens(SECRET, 60, { now: time.now });
    const { accessToken } = await tokens.issue("user-1");
    await expect(tokens.verify(accessToken)).resolves.toEqual({ userId: "user-1" });
    time.advance(59_000);
    await expect(tokens.verify(accessToken)).resolves.toEqual({ userId: "user-1" });
    time.advance(1_000);
    expect(await codeOf(tokens.verify(accessToken))).toMatch(/^AUTH\.UNAUTHORIZED: the token has expired/);
    // and again, now that it is no longer among the verified ones
    expect(await codeOf(tokens.verify(accessToken))).toMatch(/^AUTH\.UNAUTHORIZED: the token has expired/);
  });

  it("refuses forged, tampered, foreign and claim-less tokens, even after verifying the genuine one", async () => {
    const tokens = new AccessTokens(SECRET, 60);
    const { accessToken } = await tokens.issue("user-1");
    await tokens.verify(accessToken);
    const [header, payload, signature] = accessToken.split(".") as [string, string, string];
    const otherUser = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), sub: "user-2" })).toString("base64url");
    const foreign = await new AccessTokens("another-secret-that-is-long-enough-for-hs256", 60).issue("user-1");
    const key = new TextEncoder().encode(SECRET);
    const noExpiry = await new SignJWT({ type: "access" }).setProtectedHeader({ alg: "HS256" }).setSubject("user-1").setIssuer("aizoomdoc").sign(key);
    const refresh = await new SignJWT({ type: "refresh" }).setProtectedHeader({ alg: "HS256" }).setSubject("user-1").setIssuer("aizoomdoc").setExpirationTime("1m").sign(key);
    // the signature's first character carries six whole bits (its last one has bits a decoder may ignore: changing
    // that one can leave the same signature, which once let a "tampered" token through and failed this test)
    const tampered = `${header}.${payload}.${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    for (const bad of [`${header}.${otherUser}.${signature}`, tampered, foreign.accessToken, noExpiry, refresh, "not-a-jwt", ""]) {
      expect(await codeOf(tokens.verify(bad))).toMatch(/^AUTH\.UNAUTHORIZED: /);
    }
    await expect(tokens.verify(accessToken)).resolves.toEqual({ userId: "user-1" });
  });
});
