import "reflect-metadata";
import { Container } from "inversify";
import type { AizoomdocApi } from "../../core/application/aizoomdoc-api.js";
import { createLocalApplication, type ApplicationParts } from "../../core/application/local-application.js";
import { DomainError } from "../../core/domain/errors.js";
import { geminiModule } from "../../adapters/gemini/gemini.module.js";
import type { CliEnvironment } from "./env.js";

/** Composition root of the CLI's local mode: the one place that decides which adapters serve the ports. */
export async function openLocalApplication(env: CliEnvironment): Promise<AizoomdocApi> {
  const container = new Container({ defaultScope: "Singleton" });
  container.bind<CliEnvironment>(CliEnvironmentToken).toConstantValue(env);
  // Adapter modules are loaded here as they land (local store, blobs, mupdf, gemini, tesseract).
  // Without a key there is no LanguageModel binding: the agent runs evidence-only (DESIGN §6.9).
  if (env.geminiApiKey) {
    container.load(
      geminiModule({
        apiKey: env.geminiApiKey,
        ...(env.geminiBaseUrl ? { baseUrl: env.geminiBaseUrl } : {}),
        ...(env.geminiFastModel ? { fastModel: env.geminiFastModel } : {}),
        ...(env.geminiStrongModel ? { strongModel: env.geminiStrongModel } : {}),
      }),
    );
  }
  const parts: ApplicationParts = {
    documents: pending("documents"),
    evidence: pending("evidence"),
    search: pending("search"),
    ocr: pending("ocr"),
    agent: pending("agent"),
    close: async () => {
      await container.unbindAll();
    },
  };
  return createLocalApplication(parts);
}

export const CliEnvironmentToken = Symbol.for("aizoomdoc.CliEnvironment");

// Temporary during the first build-out of the core: each part is replaced by its real service in this file.
function pending<T extends object>(part: string): T {
  return new Proxy({} as T, {
    get: () => () => {
      throw new DomainError("INTERNAL", `${part} is not wired into the CLI yet`);
    },
  });
}
