import { LRUCache } from "lru-cache";
import type { User } from "../../core/domain/user.js";

/**
 * How long a signed-in user's check is reused. Re-reading the user on every request cost more than the cheap routes
 * themselves (bench/server.bench.ts); the price is that a removed or blocked user's access token keeps working for up
 * to this long after the change, on each instance.
 */
export const CURRENT_USER_TTL_MS = 5_000;

/** Users kept at most: more signed-in users than this are simply looked up more often. */
const CACHED_USERS = 10_000;

export interface CurrentUsers {
  currentUser(userId: string): Promise<User>;
}

/**
 * `currentUser` answered from the last check of that user for `ttlMs`; requests of one user that arrive together
 * share one check. A refusal is never kept: the next request asks again.
 */
export class CurrentUserCache implements CurrentUsers {
  private readonly users: LRUCache<string, User>;

  constructor(accounts: CurrentUsers, options: { ttlMs?: number; now?: () => number } = {}) {
    this.users = new LRUCache<string, User>({
      max: CACHED_USERS,
      ttl: options.ttlMs ?? CURRENT_USER_TTL_MS,
      // the clock is read at every check: no timer per lookup, and an injected clock counts as it is
      ttlResolution: 0,
      ...(options.now ? { perf: { now: options.now } } : {}),
      fetchMethod: (userId) => accounts.currentUser(userId),
    });
  }

  async currentUser(userId: string): Promise<User> {
    // never undefined: the lookup answers a user or throws
    return (await this.users.fetch(userId))!;
  }
}
