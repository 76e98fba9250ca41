import type { EvidenceImage } from "../domain/evidence.js";

/** Where an evidence image was shown: a chat, and the message it belongs to once that exists. */
export interface EvidenceImageLink {
  chatId?: string;
  messageId?: string;
  description?: string;
}

export const EvidenceImageStore = Symbol.for("aizoomdoc.EvidenceImageStore");

/**
 * Records of evidence images (the encoded bytes live in blob storage under `storageKey`), scoped to an owner.
 *
 * Contract:
 * - `saveImage` stores the record whole; saving the same id again replaces it (a re-render) but never
 *   moves it to another owner (`VALIDATION.INVALID_INPUT`). A link to a chat or message the owner does not
 *   have is `CHAT.NOT_FOUND`.
 * - `getImage` of an unknown id or another owner's image is `STORAGE.NOT_FOUND`.
 * - `listImages` returns the images of a chat (or of one message) in the order they were saved.
 * - Records go away with their chat (`ChatStore.deleteChat`).
 */
export interface EvidenceImageStore {
  saveImage(ownerId: string, image: EvidenceImage, link?: EvidenceImageLink): Promise<void>;
  getImage(ownerId: string, imageId: string): Promise<EvidenceImage>;
  listImages(ownerId: string, filter: { chatId: string; messageId?: string }): Promise<EvidenceImage[]>;
  /** Attaches images rendered during a run to the message that answered with them. */
  linkToMessage(ownerId: string, chatId: string, messageId: string, imageIds: string[]): Promise<void>;
}
