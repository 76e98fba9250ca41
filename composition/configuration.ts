import { z } from "zod";
import { DomainError } from "../core/domain/errors.js";

/** An S3-compatible bucket (R2, S3, MinIO): the shape `adapters/r2` takes. */
const BucketSchema = z.object({
  bucket: z.string().min(3).max(63),
  endpoint: z.string().url().optional(),
  region: z.string().min(1).optional(),
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  forcePathStyle: z.boolean().default(false),
  publicBaseUrl: z.string().url().optional(),
  /** Folder of the bucket the store keeps its keys under (`aizoomdoc/`), when the bucket is shared. */
  keyPrefix: z.string().min(1).optional(),
});

const ModelSchema = z.object({
  /**
   * `gemini` (Google's API) or `openai-compatible`: any server speaking OpenAI's chat completions (OpenAI, vLLM,
   * Ollama, llama.cpp, LM Studio); `openai` is taken for it too.
   */
  provider: z
    .enum(["gemini", "openai-compatible", "openai"])
    .default("gemini")
    .transform((provider) => (provider === "openai" ? "openai-compatible" : provider)),
  /** The deployment's key; without it runs use a user's own key or are evidence-only. Never logged. */
  apiKey: z.string().min(1).optional(),
  /** For `openai-compatible`, the API root up to `/v1`; a self-hosted server there needs no key. */
  baseUrl: z.string().url().optional(),
  /** Model ids of the fast and strong tiers; the adapter's defaults apply when unset. */
  fastModel: z.string().min(1).optional(),
  strongModel: z.string().min(1).optional(),
  /** The server's context window in tokens; the agent fits its requests into it. Absent = the agent's own budget only. */
  contextTokens: z.number().int().min(1_024).optional(),
  /** Images the server takes in one request (vLLM's `--limit-mm-per-prompt`); the agent sends no more. */
  maxImagesPerRequest: z.number().int().positive().optional(),
  /** Prompt tokens one image costs on the server, when known; estimated from the image size otherwise. */
  imageTokens: z.number().int().positive().optional(),
  /** `openai-compatible` only: how thinking settings reach the server (`reasoning_effort`, or `none`: not sent). */
  thinkingControl: z.enum(["none", "reasoning_effort"]).optional(),
  /** Per attempt of a call, and the longest silence in a stream (a CPU server reading images is slow to start). */
  timeoutMs: z.number().int().positive().optional(),
  /**
   * `openai-compatible` only: where users may point their own server (`any`, or URL prefixes it must start with).
   * Absent = users may store their own key but not a server: a server asked to fetch a user's URL could reach
   * whatever the deployment's network reaches.
   */
  userBaseUrls: z.union([z.literal("any"), z.array(z.string().url()).min(1)]).optional(),
});

const ProjectsSchema = z.object({
  db: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("supabase"), url: z.string().url(), key: z.string().min(1) }),
    z.object({ kind: z.literal("postgres"), url: z.string().url() }),
  ]),
  /** The deployment's bucket (read only); a sync needs it, the tree and search do not. */
  bucket: BucketSchema.omit({ publicBaseUrl: true, keyPrefix: true }).optional(),
});

/**
 * Everything a deployment of AIZoomDoc is configured by: which adapter serves each port and their settings. Hosts read
 * it from the environment (`readEnvironment`); the library takes it as an object. Every default is the zero-config
 * local mode: PGlite and files under `dataDir`, tesseract OCR, no model (evidence-only answers).
 */
export const AizoomdocConfiguration = z
  .object({
    /** Database, blobs, render cache, logs and the local secret key live here. */
    dataDir: z.string().min(1),
    /** A Postgres server (e.g. Supabase) instead of the embedded PGlite in `dataDir`. */
    databaseUrl: z
      .string()
      .url()
      .refine((u) => /^postgres(ql)?:\/\//.test(u), "must be a postgres:// or postgresql:// URL")
      .optional(),
    /** Blobs in a bucket instead of `<dataDir>/blobs`. */
    bucket: BucketSchema.optional(),
    model: ModelSchema.default({ provider: "gemini" }),
    ocr: z
      .object({
        /** `model` reads OCR tiles with the configured model instead of the local tesseract (needs the deployment's key). */
        engine: z.enum(["tesseract", "model"]).default("tesseract"),
        /** Folder with `rus.traineddata` / `eng.traineddata`. */
        tessdataDir: z.string().min(1).optional(),
      })
      .default({ engine: "tesseract" }),
    /** Seals stored secrets (users' own model keys); absent = the owner-only key file `<dataDir>/secret.key`. */
    secretKey: z.string().min(32, "at least 32 characters of random text").optional(),
    /** Questions posted to chats are answered off the caller: this many at once, this many waiting at most. */
    answers: z
      .object({
        concurrency: z.number().int().min(1).max(64).default(2),
        queueSize: z.number().int().min(1).max(10_000).default(50),
        /** How long a stopping instance lets running answers finish; one still running then ends with JOB.INTERRUPTED. */
        shutdownGraceSeconds: z.number().min(1).max(3_600).default(30),
      })
      .default({ concurrency: 2, queueSize: 50, shutdownGraceSeconds: 30 }),
    /** Every model call of a chat as JSON lines in `<dataDir>/logs/<chat id>.jsonl`, secrets redacted. */
    dialogLog: z.boolean().default(false),
    /** An existing deployment's read-only Projects DB and its bucket. */
    projects: ProjectsSchema.optional(),
  })
  .strict();

/**
 * Whether the deployment itself has a model to answer with (and to build block indexes and read OCR with): a key of
 * its own, or an OpenAI-compatible server of its own, which often takes no key.
 */
export function hasDeploymentModel(model: z.output<typeof ModelSchema>): boolean {
  return model.apiKey !== undefined || (model.provider === "openai-compatible" && model.baseUrl !== undefined);
}

export type AizoomdocConfigurationInput = z.input<typeof AizoomdocConfiguration>;
export type AizoomdocConfiguration = z.output<typeof AizoomdocConfiguration>;
export type BucketConfiguration = z.output<typeof BucketSchema>;
export type ProjectsConfiguration = z.output<typeof ProjectsSchema>;

/** Validates a configuration object; `CONFIGURATION.INVALID` names every bad field at once (`details.issues`). */
export function parseConfiguration(input: AizoomdocConfigurationInput): AizoomdocConfiguration {
  const parsed = AizoomdocConfiguration.safeParse(input);
  if (parsed.success) return parsed.data;
  throw configurationError(parsed.error.issues.map((i) => `${i.path.join(".") || "(configuration)"}: ${i.message}`));
}

export const configurationError = (issues: string[]) =>
  new DomainError("CONFIGURATION.INVALID", `invalid configuration: ${issues.join("; ")}`, { details: { issues } });
