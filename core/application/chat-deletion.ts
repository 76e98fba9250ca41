import { DomainError } from "../domain/errors.js";
import type { BlobStorage } from "../ports/blob-storage.js";
import type { ChatStore } from "../ports/chat-store.js";
import type { DialogLog } from "../ports/dialog-log.js";
import type { EvidenceImageStore } from "../ports/evidence-image-store.js";

/** A chat whose deletion was accepted: what its worker removes once the chat's rows are gone. */
export interface ChatDeletionJob {
  ownerId: string;
  chatId: string;
  /** The evidence images the chat showed when it was deleted (their bytes outlive the rows). */
  imageIds: string[];
}

/** Where accepted deletions wait; it keeps them across a restart, so a deletion accepted is a deletion done. */
export interface ChatDeletionQueue {
  submit(job: ChatDeletionJob): Promise<void>;
}

export interface ChatDeletionDeps {
  ownerId: string;
  chats: ChatStore;
  images: EvidenceImageStore;
  blobs: BlobStorage;
  dialogLog?: DialogLog;
  queue: ChatDeletionQueue;
  /** Stops the chat's answer, if one waits or runs, before its rows go (it would write into a deleted chat). */
  cancelRun(chatId: string): Promise<boolean>;
}

/**
 * Deleting a chat (seed §5.2, durable where the reference's in-memory queue lost work): the request queues the
 * deletion, then removes the chat's rows (messages, evidence image records and stream events go with it), so the
 * chat is gone at once; the job removes what lives outside the database, the evidence images' bytes and the dialog
 * log. The job deletes the rows again, so a crash between queueing and deleting them still ends with both done.
 */
export class ChatDeletion {
  constructor(private readonly deps: ChatDeletionDeps) {}

  async deleteChat(chatId: string): Promise<void> {
    const { ownerId, chats, images, queue } = this.deps;
    // a foreign or unknown chat is CHAT.NOT_FOUND here, before anything is queued
    const chat = await chats.getChat(ownerId, chatId);
    await this.deps.cancelRun(chat.id);
    const imageIds = (await images.listImages(ownerId, { chatId: chat.id })).map((image) => image.id);
    await queue.submit({ ownerId, chatId: chat.id, imageIds });
    await this.removeRows(chat.id);
  }

  /** The worker half; safe to run again (a job given back after a crash). */
  async purge(job: ChatDeletionJob): Promise<void> {
    const { ownerId, images, blobs, dialogLog } = this.deps;
    await this.removeRows(job.chatId);
    for (const imageId of job.imageIds) {
      // an image another chat showed since keeps its bytes: its record now lives there
      if (await isRecorded(images, ownerId, imageId)) continue;
      await blobs.delete(`evidence/${imageId}.json`);
      await blobs.delete(`evidence/${imageId}.png`);
    }
    await dialogLog?.remove(job.chatId);
  }

  private async removeRows(chatId: string): Promise<void> {
    try {
      await this.deps.chats.deleteChat(this.deps.ownerId, chatId);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === "CHAT.NOT_FOUND")) throw error;
    }
  }
}

async function isRecorded(images: EvidenceImageStore, ownerId: string, imageId: string): Promise<boolean> {
  try {
    await images.getImage(ownerId, imageId);
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === "STORAGE.NOT_FOUND") return false;
    throw error;
  }
}
