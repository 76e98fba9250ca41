import type { SettingsPatch, User, UserRole, UserSettings, UserStatus } from "../domain/user.js";

export interface NewUser {
  username: string;
  /** The static token the user logs in with; only its sha256 digest is stored. */
  staticToken?: string;
  role?: UserRole;
  status?: UserStatus;
}

export const UserStore = Symbol.for("aizoomdoc.UserStore");

/**
 * Users and their settings.
 *
 * Contract:
 * - Static tokens are never stored or returned: lookup hashes the token and compares digests in constant time.
 *   A blocked or inactive user is still found (the caller decides: `AUTH.FORBIDDEN`); an unknown token is `undefined`.
 * - Usernames are stored as given and unique by `usernameKey` (case-insensitive): `createUser` refuses a taken
 *   username or token with `VALIDATION.INVALID_INPUT`. Validating a name (`parseUsername`) is the caller's business.
 * - Settings of a user that never saved any are `DEFAULT_SETTINGS`. `patchSettings` validates the patch
 *   (`VALIDATION.INVALID_INPUT` naming the field, nothing written), applies it atomically and returns the result;
 *   `null` clears a field. Settings need no users row (local mode's user "local" has none).
 */
export interface UserStore {
  createUser(user: NewUser): Promise<User>;
  getUser(userId: string): Promise<User | undefined>;
  /** Every user, oldest first. */
  listUsers(): Promise<User[]>;
  /** The user whose name has the same `usernameKey` ("Anna" finds "anna"); `undefined` when there is none. */
  findUserByName(username: string): Promise<User | undefined>;
  findUserByStaticToken(staticToken: string): Promise<User | undefined>;
  /**
   * Makes `staticToken` the user's only token: from the moment this resolves the old one finds nobody.
   * `USER.NOT_FOUND` for an unknown id; a token another user has is `VALIDATION.INVALID_INPUT`.
   */
  replaceStaticToken(userId: string, staticToken: string): Promise<User>;
  /**
   * Deletes the user and their settings (with any sealed model key) in one step; their token finds nobody afterwards.
   * Rows other stores keep under the id (documents, chats, images, roles) stay: ids are never reused, so no one
   * reaches them again, and purging them (with their blobs) belongs to those stores. False for an unknown id (nothing is deleted).
   */
  deleteUser(userId: string): Promise<boolean>;
  /** Records a successful login or request; unknown ids are ignored. */
  touchUser(userId: string, at?: Date): Promise<void>;
  getSettings(userId: string): Promise<UserSettings>;
  patchSettings(userId: string, patch: SettingsPatch): Promise<UserSettings>;
}
