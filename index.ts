/**
 * AIZoomDoc as an embedded library: the same application API the CLI uses, opened in-process over the
 * embedded adapters (PGlite, files, MuPDF, tesseract.js, and Gemini when a key is given).
 */
import "reflect-metadata";
import type { AizoomdocApi } from "./core/application/aizoomdoc-api.js";
import { openLocalApplication } from "./hosts/cli/container.js";
import { readCliEnvironment } from "./hosts/cli/env.js";

export interface OpenOptions {
  /** Data directory (database, blobs, render cache). Default `~/.aizoomdoc/local`. */
  dataDir?: string;
  /** Postgres URL instead of the embedded PGlite. */
  databaseUrl?: string;
  /** Enables LLM answers; without it `ask` runs evidence-only. */
  geminiApiKey?: string;
  geminiBaseUrl?: string;
  /** Seals stored secrets (users' own API keys); default: `<dataDir>/secret.key`, made on first use. */
  secretKey?: string;
  /** Folder with `rus.traineddata` / `eng.traineddata` for OCR. */
  tessdataDir?: string;
}

/** Open the application for the local user. Call `close()` when done: it releases the database lock. */
export async function openAizoomdoc(options: OpenOptions = {}): Promise<AizoomdocApi> {
  // the library reads no environment: everything comes from the options
  const defaults = readCliEnvironment({});
  return openLocalApplication({
    ...defaults,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    databaseUrl: options.databaseUrl,
    geminiApiKey: options.geminiApiKey,
    geminiBaseUrl: options.geminiBaseUrl,
    secretKey: options.secretKey,
    tessdataDir: options.tessdataDir,
  });
}

export type { AizoomdocApi, AskRequest, InputFile, RenderSpec, Progress, RoleSummary } from "./core/application/aizoomdoc-api.js";
export type { PublicSettings, PublicSettingsPatch } from "./core/domain/user.js";
export type { Block, BlockKind } from "./core/domain/block.js";
export type { DocumentRecord, Page, SheetStamp } from "./core/domain/document.js";
export type { EvidenceImage } from "./core/domain/evidence.js";
export type { Answer, Citation } from "./core/domain/answer.js";
export type { StreamEvent } from "./core/domain/stream-event.js";
export type { SearchHit } from "./core/ports/block-search.js";
export { DomainError } from "./core/domain/errors.js";
