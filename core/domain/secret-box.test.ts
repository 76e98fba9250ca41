import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox } from "./secret-box.js";
import { errorCodeOf } from "../ports/testing/domain-error-of.js";

describe("SecretBox", () => {
  const secret = randomBytes(32);

  it("opens what it sealed; the sealed form hides the plaintext and differs on every seal", () => {
    const box = new SecretBox(secret);
    const a = box.seal("AIzaSy-test-key");
    const b = box.seal("AIzaSy-test-key");
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain("AIzaSy");
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe("AIzaSy-test-key");
    expect(new SecretBox(Buffer.from(secret)).open(b)).toBe("AIzaSy-test-key");
  });

  it("refuses another secret, another purpose, altered or foreign values with SECRET.UNREADABLE", async () => {
    const sealed = new SecretBox(secret).seal("key");
    expect(await errorCodeOf(() => new SecretBox(randomBytes(32)).open(sealed))).toBe("SECRET.UNREADABLE");
    expect(await errorCodeOf(() => new SecretBox(secret, "other").open(sealed))).toBe("SECRET.UNREADABLE");
    const bytes = Buffer.from(sealed.slice(3), "base64");
    bytes[bytes.length - 1]! ^= 1;
    expect(await errorCodeOf(() => new SecretBox(secret).open(`v1:${bytes.toString("base64")}`))).toBe("SECRET.UNREADABLE");
    expect(await errorCodeOf(() => new SecretBox(secret).open("plain-key"))).toBe("SECRET.UNREADABLE");
    expect(await errorCodeOf(() => new SecretBox(secret).open("v1:"))).toBe("SECRET.UNREADABLE");
  });

  it("refuses weak key material", () => {
    expect(() => new SecretBox("short")).toThrow(/32 bytes/);
  });
});
