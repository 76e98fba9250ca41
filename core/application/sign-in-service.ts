import { DomainError } from "../domain/errors.js";
import type { User } from "../domain/user.js";
import type { UserStore } from "../ports/user-store.js";

export interface SignInServiceDeps {
  users: UserStore;
}

/**
 * Who a caller is (reference §1.3 `POST /auth/exchange` and §1.1's "full user"): a static token is exchanged for its
 * active user, and a request signed in earlier (the server's JWT names the user id) is checked against the user as
 * they are now, so a removed or blocked user is refused at once. Issuing and verifying the JWT is the server's.
 */
export class SignInService {
  constructor(private readonly deps: SignInServiceDeps) {}

  /**
   * The active user a static token belongs to, recorded as seen now. `AUTH.UNAUTHORIZED` for an unknown token
   * (an old one after a rotation, one of a removed user); `AUTH.FORBIDDEN` for an inactive or blocked user.
   */
  async signIn(staticToken: string): Promise<User> {
    const user = typeof staticToken === "string" && staticToken.length > 0 ? await this.deps.users.findUserByStaticToken(staticToken) : undefined;
    if (!user) throw new DomainError("AUTH.UNAUTHORIZED", "invalid static token");
    refuseInactive(user);
    const at = new Date();
    await this.deps.users.touchUser(user.id, at);
    return { ...user, lastSeenAt: at.toISOString() };
  }

  /** The user a signed-in request acts for: `AUTH.UNAUTHORIZED` when they no longer exist, `AUTH.FORBIDDEN` when not active. */
  async currentUser(userId: string): Promise<User> {
    const user = typeof userId === "string" && userId.length > 0 ? await this.deps.users.getUser(userId) : undefined;
    if (!user) throw new DomainError("AUTH.UNAUTHORIZED", "the signed-in user no longer exists");
    refuseInactive(user);
    return user;
  }
}

function refuseInactive(user: User): void {
  if (user.status !== "active") throw new DomainError("AUTH.FORBIDDEN", "user account is not active", { details: { status: user.status } });
}
