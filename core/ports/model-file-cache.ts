export const ModelFileCache = Symbol.for("aizoomdoc.ModelFileCache");

/** A file a model provider keeps for a while (an image uploaded to Gemini's Files API), as a request names it. */
export interface CachedModelFile {
  uri: string;
  mimeType: string;
}

/**
 * Files already uploaded to a model provider, by a key the adapter makes (its API key's hash and the bytes' hash),
 * kept where every instance of the deployment reads them: a run taken up by another instance, or the next round of a
 * chat answered elsewhere, references the upload instead of sending the bytes again. A lookup is an optimisation; a
 * missing or failed one means uploading again.
 *
 * Contract:
 * - `get` answers what `put` stored under the key until its `expiresAt`, then nothing; an unknown key is undefined.
 * - `put` replaces what the key held (another upload of the same bytes is as good), expiry included.
 * - Keys are opaque: 1..300 characters, compared exactly.
 */
export interface ModelFileCache {
  get(key: string): Promise<CachedModelFile | undefined>;
  put(key: string, file: CachedModelFile, expiresAt: Date): Promise<void>;
}
