import { randomUUID } from "node:crypto";
import { invalidInput, notFound } from "../../domain/errors.js";
import {
  DEFAULT_SETTINGS,
  applySettingsPatch,
  hashStaticToken,
  parseSettingsPatch,
  sameTokenHash,
  usernameKey,
  type SettingsPatch,
  type User,
  type UserSettings,
} from "../../domain/user.js";
import type { NewUser, UserStore } from "../user-store.js";

/** Verified fake of `UserStore` (passes the same contract suite as the SQL store). */
export class InMemoryUserStore implements UserStore {
  private readonly users = new Map<string, { user: User; tokenHash?: string }>();
  private readonly settings = new Map<string, UserSettings>();

  async createUser(input: NewUser): Promise<User> {
    const tokenHash = input.staticToken === undefined ? undefined : hashStaticToken(input.staticToken);
    const key = usernameKey(input.username);
    for (const { user, tokenHash: taken } of this.users.values()) {
      if (usernameKey(user.username) === key) throw invalidInput(`user ${input.username}: the username is taken`);
      if (tokenHash && taken === tokenHash) throw invalidInput(`user ${input.username}: the token is taken`);
    }
    const user: User = { id: randomUUID(), username: input.username, role: input.role ?? "user", status: input.status ?? "active", createdAt: new Date().toISOString() };
    this.users.set(user.id, { user, ...(tokenHash ? { tokenHash } : {}) });
    return structuredClone(user);
  }

  async getUser(userId: string): Promise<User | undefined> {
    const found = this.users.get(userId);
    return found && structuredClone(found.user);
  }

  async listUsers(): Promise<User[]> {
    // a Map iterates in insertion order: oldest first
    return [...this.users.values()].map((found) => structuredClone(found.user));
  }

  async findUserByName(username: string): Promise<User | undefined> {
    const key = usernameKey(username);
    const found = [...this.users.values()].find((u) => usernameKey(u.user.username) === key);
    return found && structuredClone(found.user);
  }

  async findUserByStaticToken(staticToken: string): Promise<User | undefined> {
    const digest = hashStaticToken(staticToken);
    const found = [...this.users.values()].find((u) => u.tokenHash !== undefined && sameTokenHash(u.tokenHash, digest));
    return found && structuredClone(found.user);
  }

  async replaceStaticToken(userId: string, staticToken: string): Promise<User> {
    const found = this.users.get(userId);
    if (!found) throw notFound("USER.NOT_FOUND", `user ${userId}`);
    const tokenHash = hashStaticToken(staticToken);
    for (const [id, other] of this.users) {
      if (id !== userId && other.tokenHash === tokenHash) throw invalidInput(`user ${found.user.username}: the token is taken`);
    }
    found.tokenHash = tokenHash;
    return structuredClone(found.user);
  }

  async deleteUser(userId: string): Promise<boolean> {
    if (!this.users.delete(userId)) return false;
    this.settings.delete(userId);
    return true;
  }

  async touchUser(userId: string, at = new Date()): Promise<void> {
    const found = this.users.get(userId);
    if (found) found.user.lastSeenAt = at.toISOString();
  }

  async getSettings(userId: string): Promise<UserSettings> {
    return structuredClone(this.settings.get(userId) ?? DEFAULT_SETTINGS);
  }

  async patchSettings(userId: string, patch: SettingsPatch): Promise<UserSettings> {
    // read and write without an await between them, as one step (the SQL store locks the row)
    const next = applySettingsPatch(structuredClone(this.settings.get(userId) ?? DEFAULT_SETTINGS), parseSettingsPatch(patch));
    this.settings.set(userId, next);
    return structuredClone(next);
  }
}
