import { describe, expect, it } from "vitest";
import { DomainError } from "../../core/domain/errors.js";
import type { User } from "../../core/domain/user.js";
import { errorCodeOf } from "../../core/ports/testing/domain-error-of.js";
import { CurrentUserCache, type CurrentUsers } from "./current-user-cache.js";

const alice: User = { id: "u-alice", username: "alice", role: "user", status: "active", createdAt: "2026-01-01T00:00:00.000Z" };

/** The deployment's users as `SignInService.currentUser` sees them, counting the lookups. */
class Accounts implements CurrentUsers {
  readonly users = new Map<string, User>([[alice.id, alice]]);
  lookups = 0;

  async currentUser(userId: string): Promise<User> {
    this.lookups++;
    const user = this.users.get(userId);
    if (!user) throw new DomainError("AUTH.UNAUTHORIZED", "the signed-in user no longer exists");
    if (user.status !== "active") throw new DomainError("AUTH.FORBIDDEN", "user account is not active");
    return user;
  }
}

function world() {
  const accounts = new Accounts();
  let now = 1_000;
  const cache = new CurrentUserCache(accounts, { ttlMs: 5_000, now: () => now });
  return { accounts, cache, advance: (ms: number) => (now += ms) };
}

describe("CurrentUserCache", () => {
  it("answers from the last check within the TTL, and refuses a removed user once it has run out", async () => {
    const { accounts, cache, advance } = world();
    expect(await cache.currentUser(alice.id)).toEqual(alice);
    accounts.users.delete(alice.id);
    advance(4_999);
    expect(await cache.currentUser(alice.id)).toEqual(alice);
    advance(2);
    expect(await errorCodeOf(cache.currentUser(alice.id))).toBe("AUTH.UNAUTHORIZED");
    expect(accounts.lookups).toBe(2);
  });

  it("keeps no refusal: a user made active again is let in on the next request", async () => {
    const { accounts, cache } = world();
    accounts.users.set(alice.id, { ...alice, status: "blocked" });
    expect(await errorCodeOf(cache.currentUser(alice.id))).toBe("AUTH.FORBIDDEN");
    accounts.users.set(alice.id, alice);
    expect(await cache.currentUser(alice.id)).toEqual(alice);
  });

  it("checks a user once for requests that arrive together", async () => {
    const { accounts, cache } = world();
    const users = await Promise.all(Array.from({ length: 5 }, () => cache.currentUser(alice.id)));
    expect(users).toEqual(Array.from({ length: 5 }, () => alice));
    expect(accounts.lookups).toBe(1);
  });
});
