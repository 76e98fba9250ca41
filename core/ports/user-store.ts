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
 * - `createUser` refuses a taken username or token with `VALIDATION.INVALID_INPUT`.
 * - Settings of a user that never saved any are `DEFAULT_SETTINGS`. `patchSettings` validates the patch
 *   (`VALIDATION.INVALID_INPUT` naming the field, nothing written), applies it atomically and returns the result;
 *   `null` clears a field. Settings need no users row (local mode's user "local" has none).
 */
export interface UserStore {
  createUser(user: NewUser): Promise<User>;
  getUser(userId: string): Promise<User | undefined>;
  findUserByStaticToken(staticToken: string): Promise<User | undefined>;
  /** Records a successful login or request; unknown ids are ignored. */
  touchUser(userId: string, at?: Date): Promise<void>;
  getSettings(userId: string): Promise<UserSettings>;
  patchSettings(userId: string, patch: SettingsPatch): Promise<UserSettings>;
}
