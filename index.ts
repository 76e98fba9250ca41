/**
 * AIZoomDoc as an embedded library: the same application API the CLI uses, opened in-process over the embedded
 * adapters (PGlite, files, MuPDF, tesseract.js, and Gemini when a key is given) or whichever the configuration names.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import type { AizoomdocApi } from "./core/application/aizoomdoc-api.js";
import type { AizoomdocConfigurationInput } from "./composition/configuration.js";
import { type Deployment, type DeploymentOptions, openDeployment, openLocalApplication } from "./composition/deployment.js";

/** The configuration object (see `AizoomdocConfiguration`); `dataDir` defaults to `~/.aizoomdoc/local`. */
export type OpenOptions = Omit<AizoomdocConfigurationInput, "dataDir"> & { dataDir?: string };

/**
 * Opens the application for the local user. The library reads no environment: everything comes from the options.
 * Call `close()` when done: it releases the database lock.
 */
export async function openAizoomdoc(options: OpenOptions = {}, hooks: DeploymentOptions = {}): Promise<AizoomdocApi> {
  return openLocalApplication({ ...options, dataDir: options.dataDir ?? join(homedir(), ".aizoomdoc", "local") }, hooks);
}

/** Opens a deployment that serves many users in one process: `forUser(id)` is the application acting for one of them. */
export async function openAizoomdocDeployment(options: OpenOptions = {}, hooks: DeploymentOptions = {}): Promise<Deployment> {
  return openDeployment({ ...options, dataDir: options.dataDir ?? join(homedir(), ".aizoomdoc", "local") }, hooks);
}

export type { AizoomdocApi, UserApplication, AskRequest, InputFile, ModelKeyInput, RenderSpec, Progress, RoleSummary } from "./core/application/aizoomdoc-api.js";
export type { AizoomdocConfiguration, AizoomdocConfigurationInput } from "./composition/configuration.js";
export type { Deployment } from "./composition/deployment.js";
export type { PublicSettings, PublicSettingsPatch, User, UserRole, UserStatus } from "./core/domain/user.js";
export type { IssuedToken, UserAdminService } from "./core/application/user-admin-service.js";
export type { SignInService } from "./core/application/sign-in-service.js";
export type { Block, BlockKind } from "./core/domain/block.js";
export type { DocumentRecord, Page, SheetStamp } from "./core/domain/document.js";
export type { EvidenceImage } from "./core/domain/evidence.js";
export type { PageTile, PageTiles } from "./core/application/page-tile-service.js";
export type { DeepZoomImage } from "./core/domain/deep-zoom.js";
export type { Answer, Citation } from "./core/domain/answer.js";
export type { StreamEvent } from "./core/domain/stream-event.js";
export type { SearchHit } from "./core/ports/block-search.js";
export { DomainError } from "./core/domain/errors.js";
