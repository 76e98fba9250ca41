import { invalidInput, notFound } from "../domain/errors.js";
import { newStaticToken, parseUsername, type User } from "../domain/user.js";
import type { UserStore } from "../ports/user-store.js";

export interface UserAdminServiceDeps {
  users: UserStore;
}

/** A user and the static token just issued to them: the only time that token exists in clear. */
export interface IssuedToken {
  user: User;
  token: string;
}

/**
 * The deployment's users as its operator manages them (deployment-wide, not one caller's): add a user with a new
 * static token, list them, remove one, issue a new token in place of the old. Names are made canonical
 * (`parseUsername`: trimmed, NFC, 1–100 characters) and are unique regardless of case; an admin command finds
 * "anna" when given "Anna". Tokens are returned once and stored only as their digest.
 */
export class UserAdminService {
  constructor(private readonly deps: UserAdminServiceDeps) {}

  async addUser(name: string, options: { admin?: boolean } = {}): Promise<IssuedToken> {
    const username = parseUsername(name);
    const taken = await this.deps.users.findUserByName(username);
    // the store refuses it too (a concurrent add); asking first gives the clearer message
    if (taken) throw invalidInput(`a user named ${JSON.stringify(taken.username)} exists`, { field: "username" });
    const token = newStaticToken();
    const user = await this.deps.users.createUser({ username, staticToken: token, role: options.admin ? "admin" : "user" });
    return { user, token };
  }

  listUsers(): Promise<User[]> {
    return this.deps.users.listUsers();
  }

  /** Deletes the user and their settings; their token stops working at once (see `UserStore.deleteUser`). */
  async removeUser(name: string): Promise<User> {
    const user = await this.find(name);
    if (!(await this.deps.users.deleteUser(user.id))) throw userNotFound(name);
    return user;
  }

  /** A new token in place of the old one, which stops working at once. */
  async rotateToken(name: string): Promise<IssuedToken> {
    const user = await this.find(name);
    const token = newStaticToken();
    return { user: await this.deps.users.replaceStaticToken(user.id, token), token };
  }

  private async find(name: string): Promise<User> {
    const user = await this.deps.users.findUserByName(parseUsername(name));
    if (!user) throw userNotFound(name);
    return user;
  }
}

const userNotFound = (name: string) => notFound("USER.NOT_FOUND", `user ${JSON.stringify(name.trim())}`);
