import { AizoomdocWebClient } from "../../../client/index.js";
import type { User } from "./api-types.js";

/**
 * Where the static token is kept: `sessionStorage`, so that reloading the tab keeps the user signed in but closing it
 * signs them out, and no other tab, window or later visit can read it (unlike `localStorage`, which stays on disk
 * until removed). The short-lived access token (JWT) lives in memory only: the client library gets a new one from the
 * static token whenever it has none, and refreshes it before it expires.
 */
const KEY = "aizoomdoc.staticToken";

export interface Session {
  client: AizoomdocWebClient;
  user: User;
}

function clientFor(staticToken: string): AizoomdocWebClient {
  return new AizoomdocWebClient({ baseUrl: window.location.origin, staticToken, retry: { retries: 2 } });
}

/** Signs in with the static token (exchanged for a JWT); kept for the tab only when it worked. */
export async function signIn(staticToken: string): Promise<Session> {
  const client = clientFor(staticToken.trim());
  const user = await client.signIn();
  sessionStorage.setItem(KEY, staticToken.trim());
  return { client, user };
}

/** The session of this tab, when it was signed in before a reload. */
export async function resumeSession(): Promise<Session | undefined> {
  const token = sessionStorage.getItem(KEY);
  if (!token) return undefined;
  try {
    return await signIn(token);
  } catch {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
}

/** Forgets the token; the server keeps no session to end (its logout is a no-op kept for the reference). */
export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
