import type { AizoomdocApi, TeamApi } from "../../core/application/aizoomdoc-api.js";
import type { PublicSettings } from "../../core/domain/user.js";
import type { AizoomdocClient } from "../../client/aizoomdoc-client.js";
import type { CliMode } from "./cli-mode.js";

/** Who the CLI acts as: the local user, or the user signed in at the server. */
export interface CliUser {
  id: string;
  username: string;
  role?: string;
}

/**
 * What the commands that run in both modes use (DESIGN §2): the team API plus the few things a command needs that
 * differ only in where they come from. A command never asks which one it holds, and prints the same in both.
 */
export interface CliBinding {
  readonly mode: CliMode;
  readonly team: TeamApi;
  whoAmI(): Promise<{ user: CliUser; settings: PublicSettings }>;
  /** An evidence image's bytes, by the id its `image_ready` event named. */
  imageBytes(imageId: string): Promise<{ bytes: Uint8Array; mimeType: string }>;
  /** Whether the application answers: the server's health, or the local data opening. */
  health(): Promise<{ status: string; version?: string; service?: string }>;
}

/** The in-process binding over local data: the local user, with no login. */
export function localBinding(app: AizoomdocApi, userId: string): CliBinding {
  return {
    mode: { kind: "local" },
    team: app,
    whoAmI: async () => ({ user: { id: userId, username: userId }, settings: await app.getSettings() }),
    imageBytes: async (imageId) => {
      const { image, bytes } = await app.getEvidenceImage(imageId);
      return { bytes, mimeType: image.mimeType };
    },
    health: async () => {
      // listing documents opens the database and reads from it: the local application is usable
      await app.listDocuments();
      return { status: "healthy", service: "aizoomdoc-local" };
    },
  };
}

/** The binding over a team's server, through the client library. */
export function remoteBinding(client: AizoomdocClient, mode: Extract<CliMode, { kind: "remote" }>): CliBinding {
  return {
    mode,
    team: client,
    whoAmI: async () => {
      const { user, settings } = await client.me();
      return { user: { id: user.id, username: user.username, role: user.role }, settings };
    },
    imageBytes: (imageId) => client.downloadImage(imageId),
    health: () => client.health(),
  };
}
