import { describe, expect, it } from "vitest";
import { errorCodeOf } from "../ports/testing/domain-error-of.js";
import { InMemoryUserStore } from "../ports/testing/in-memory-user-store.js";
import { SignInService } from "./sign-in-service.js";
import { UserAdminService } from "./user-admin-service.js";

function world() {
  const users = new InMemoryUserStore();
  return { users, admin: new UserAdminService({ users }), signIn: new SignInService({ users }) };
}

describe("UserAdminService", () => {
  it("adds a user with a new recognisable token that signs them in, and refuses the name again in any case", async () => {
    const { admin, signIn } = world();
    const { user, token } = await admin.addUser("  Анна Петрова ", { admin: true });
    expect(user).toMatchObject({ username: "Анна Петрова", role: "admin", status: "active" });
    expect(token).toMatch(/^azd_[A-Za-z0-9_-]{43}$/);
    expect((await signIn.signIn(token)).id).toBe(user.id);
    expect((await admin.addUser("bob")).user.role).toBe("user");
    expect(await errorCodeOf(admin.addUser("анна петрова"))).toBe("VALIDATION.INVALID_INPUT");
    await expect(admin.addUser("АННА ПЕТРОВА")).rejects.toThrow(/"Анна Петрова" exists/);
    expect((await admin.listUsers()).map((u) => u.username)).toEqual(["Анна Петрова", "bob"]);
  });

  it("issues a different token every time", async () => {
    const { admin } = world();
    const tokens = new Set([(await admin.addUser("a")).token, (await admin.addUser("b")).token, (await admin.rotateToken("a")).token]);
    expect(tokens.size).toBe(3);
  });

  it("refuses empty, over-long and control-character names, and counts characters, not UTF-16 units", async () => {
    const { admin } = world();
    for (const name of ["", "   ", "x".repeat(101), "line\nbreak", "tab\there", "zero\u200bwidth"]) {
      expect(await errorCodeOf(admin.addUser(name)), JSON.stringify(name)).toBe("VALIDATION.INVALID_INPUT");
    }
    expect((await admin.addUser("я".repeat(100))).user.username).toHaveLength(100);
    // 100 characters outside the BMP are 200 UTF-16 units: still a valid name
    expect([...(await admin.addUser("𝔸".repeat(100))).user.username]).toHaveLength(100);
    expect(await admin.listUsers()).toHaveLength(2);
  });

  it("treats a composed and a decomposed spelling as one name", async () => {
    const { admin } = world();
    await admin.addUser("Ёлкин"); // Ё as one code point
    expect(await errorCodeOf(admin.addUser("\u0415\u0308лкин"))).toBe("VALIDATION.INVALID_INPUT"); // Е + combining diaeresis
    expect((await admin.rotateToken("ёлкин")).user.username).toBe("Ёлкин");
  });

  it("rotates a token: the old one stops signing in at once, the new one signs in", async () => {
    const { admin, signIn } = world();
    const { user, token: old } = await admin.addUser("anna");
    const rotated = await admin.rotateToken("Anna");
    expect(rotated.user.id).toBe(user.id);
    expect(rotated.token).not.toBe(old);
    expect(await errorCodeOf(signIn.signIn(old))).toBe("AUTH.UNAUTHORIZED");
    expect((await signIn.signIn(rotated.token)).id).toBe(user.id);
  });

  it("removes a user: their token and their id sign in no more, and their settings are gone", async () => {
    const { admin, signIn, users } = world();
    const { user, token } = await admin.addUser("anna");
    await users.patchSettings(user.id, { modelProfile: "complex" });
    expect((await admin.removeUser(" ANNA ")).id).toBe(user.id);
    expect(await errorCodeOf(signIn.signIn(token))).toBe("AUTH.UNAUTHORIZED");
    expect(await errorCodeOf(signIn.currentUser(user.id))).toBe("AUTH.UNAUTHORIZED");
    expect((await users.getSettings(user.id)).modelProfile).toBe("simple");
    expect(await admin.listUsers()).toEqual([]);
  });

  it("says an unknown name is not found, and a malformed one is invalid", async () => {
    const { admin } = world();
    await admin.addUser("anna");
    for (const run of [() => admin.removeUser("boris"), () => admin.rotateToken("boris")]) expect(await errorCodeOf(run())).toBe("USER.NOT_FOUND");
    await expect(admin.removeUser("boris")).rejects.toThrow('user "boris" not found');
    expect(await errorCodeOf(admin.removeUser(""))).toBe("VALIDATION.INVALID_INPUT");
    expect(await admin.listUsers()).toHaveLength(1);
  });
});
