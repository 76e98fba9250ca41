import { createHash } from "node:crypto";
import { FileState, type GoogleGenAI } from "@google/genai";
import { LRUCache } from "lru-cache";
import { DomainError } from "../../core/domain/errors.js";
import type { ModelMessage } from "../../core/ports/language-model.js";
import type { ModelFileCache } from "../../core/ports/model-file-cache.js";
import { imageParts, type ImagePart, type UploadedFile } from "./convert-to-gemini-contents.js";

/** Gemini deletes uploaded files after 48 hours; reuse them for a little less than that. */
const uploadLifetimeMs = 47 * 60 * 60 * 1000;

export interface FileUploadSettings {
  inlineRequestLimitBytes: number;
  filePollIntervalMs: number;
  filePollTimeoutMs: number;
}

/**
 * Keeps requests under Gemini's inline size limit by uploading the largest images through the Files API.
 * The same image (by content hash, per API key) is uploaded once and reused across follow-up rounds: this process
 * remembers its uploads, and `shared` (the deployment's database) those of every instance.
 */
export class GeminiFileUploads {
  private readonly uploads = new LRUCache<string, UploadedFile>({ max: 2_000, ttl: uploadLifetimeMs });

  constructor(
    private readonly settings: FileUploadSettings,
    private readonly shared?: ModelFileCache,
  ) {}

  async prepare(client: GoogleGenAI, keyId: string, messages: ModelMessage[], signal: AbortSignal): Promise<Map<ImagePart, UploadedFile>> {
    const uploaded = new Map<ImagePart, UploadedFile>();
    const textBytes = messages.reduce((sum, m) => sum + m.parts.reduce((s, p) => s + (p.type === "text" ? Buffer.byteLength(p.text) : 0), 0), 0);
    const images = imageParts(messages);
    // Inline images travel as base64, a third larger than their bytes.
    let inlineBytes = textBytes + images.reduce((sum, image) => sum + base64Size(image), 0);
    for (const image of [...images].sort((a, b) => b.data.byteLength - a.data.byteLength)) {
      if (inlineBytes <= this.settings.inlineRequestLimitBytes) break;
      uploaded.set(image, await this.upload(client, keyId, image, signal));
      inlineBytes -= base64Size(image);
    }
    return uploaded;
  }

  private async upload(client: GoogleGenAI, keyId: string, image: ImagePart, signal: AbortSignal): Promise<UploadedFile> {
    const hash = createHash("sha256").update(image.data).digest("hex");
    const cacheKey = `${keyId}:${hash}`;
    const cached = this.uploads.get(cacheKey) ?? (await this.sharedUpload(cacheKey));
    if (cached) return cached;
    const blob = new Blob([new Uint8Array(image.data)], { type: image.mimeType });
    let file = await client.files.upload({ file: blob, config: { mimeType: image.mimeType, displayName: image.label ?? `image-${hash.slice(0, 12)}`, abortSignal: signal } });
    const deadline = Date.now() + this.settings.filePollTimeoutMs;
    while (file.state === FileState.PROCESSING) {
      if (Date.now() > deadline) throw new DomainError("LLM.TIMEOUT", `uploaded image ${file.name ?? hash} was still processing after ${this.settings.filePollTimeoutMs} ms`, { retryable: true });
      await delay(this.settings.filePollIntervalMs, signal);
      file = await client.files.get({ name: file.name ?? "", config: { abortSignal: signal } });
    }
    if (file.state === FileState.FAILED || !file.uri) {
      throw new DomainError("LLM.UNAVAILABLE", `Gemini could not process uploaded image ${file.name ?? hash} (state ${file.state ?? "unknown"})`, { retryable: true });
    }
    const reference = { fileUri: file.uri, mimeType: file.mimeType ?? image.mimeType };
    this.uploads.set(cacheKey, reference);
    // best effort: an instance that cannot read it uploads again
    await this.shared?.put(`gemini:${cacheKey}`, { uri: reference.fileUri, mimeType: reference.mimeType }, new Date(Date.now() + uploadLifetimeMs)).catch(() => undefined);
    return reference;
  }

  /** Another instance's upload of the same bytes with the same key, kept here from then on. */
  private async sharedUpload(cacheKey: string): Promise<UploadedFile | undefined> {
    const found = await this.shared?.get(`gemini:${cacheKey}`).catch(() => undefined);
    if (!found) return undefined;
    const reference = { fileUri: found.uri, mimeType: found.mimeType };
    this.uploads.set(cacheKey, reference);
    return reference;
  }
}

function base64Size(image: ImagePart): number {
  return Math.ceil(image.data.byteLength / 3) * 4;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
