import { describe, expect, it } from "vitest";
import { errorCodeOf } from "../ports/testing/domain-error-of.js";
import { InMemoryUserStore } from "../ports/testing/in-memory-user-store.js";
import { SignInService } from "./sign-in-service.js";
import { UserAdminService } from "./user-admin-service.js";

function world() {
  const users = new InMemoryUserStore();
  return { users, admin: new UserAdminService({ users }), signIn: new SignInService({ users }) };
}

describe("SignInService", () => {
  it("signs an active user in by their token and records when", async () => {
    const { admin, signIn, users } = world();
    const { user, token } = await admin.addUser("anna");
    const before = Date.now();
    const signed = await signIn.signIn(token);
    expect(signed).toMatchObject({ id: user.id, username: "anna" });
    expect(Date.parse(signed.lastSeenAt!)).toBeGreaterThanOrEqual(before);
    expect((await users.getUser(user.id))?.lastSeenAt).toBe(signed.lastSeenAt);
    expect((await signIn.currentUser(user.id)).id).toBe(user.id);
  });

  it("refuses unknown, empty and near-miss tokens as unauthorized", async () => {
    const { admin, signIn } = world();
    const { token } = await admin.addUser("anna");
    for (const wrong of ["", "azd_", token.slice(0, -1), `${token}x`, token.toUpperCase(), undefined as never]) {
      expect(await errorCodeOf(signIn.signIn(wrong))).toBe("AUTH.UNAUTHORIZED");
    }
    expect(await errorCodeOf(signIn.currentUser("no-such-id"))).toBe("AUTH.UNAUTHORIZED");
  });

  it("refuses inactive and blocked users as forbidden, without recording them as seen", async () => {
    const { signIn, users } = world();
    for (const status of ["inactive", "blocked"] as const) {
      const user = await users.createUser({ username: status, staticToken: `token-of-${status}`, status });
      expect(await errorCodeOf(signIn.signIn(`token-of-${status}`))).toBe("AUTH.FORBIDDEN");
      expect(await errorCodeOf(signIn.currentUser(user.id))).toBe("AUTH.FORBIDDEN");
      expect((await users.getUser(user.id))?.lastSeenAt).toBeUndefined();
    }
  });
});
