import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { type AizoomdocConfiguration, type AizoomdocConfigurationInput, configurationError, parseConfiguration } from "./configuration.js";

const flag = z.enum(["true", "false", "1", "0"]).optional();
const on = (value: string | undefined) => value === "true" || value === "1";

/** The variables AIZoomDoc reads; unknown ones are ignored, wrong ones are all reported at once. */
const EnvSchema = z.object({
  AIZOOMDOC_HOME: z.string().min(1).optional(),
  // the CLI's remote mode: a server to use instead of local data, and the static token to sign in with
  AIZOOMDOC_SERVER: z.url({ protocol: /^https?$/ }).optional(),
  AIZOOMDOC_TOKEN: z.string().min(1).optional(),
  AIZOOMDOC_DATABASE_URL: z.string().optional(),
  GEMINI_API_KEY: z.string().min(1).optional(),
  GOOGLE_API_KEY: z.string().min(1).optional(),
  GEMINI_BASE_URL: z.string().optional(),
  AIZOOMDOC_SECRET_KEY: z.string().optional(),
  GEMINI_FAST_MODEL: z.string().min(1).optional(),
  GEMINI_STRONG_MODEL: z.string().min(1).optional(),
  AIZOOMDOC_MODEL_PROVIDER: z.enum(["gemini", "openai-compatible", "openai"]).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().optional(),
  OPENAI_FAST_MODEL: z.string().min(1).optional(),
  OPENAI_STRONG_MODEL: z.string().min(1).optional(),
  OPENAI_THINKING_CONTROL: z.enum(["none", "reasoning_effort"]).optional(),
  // the model server's limits and patience, whichever the provider (a self-hosted server's context is often small)
  AIZOOMDOC_MODEL_CONTEXT_TOKENS: z.coerce.number().int().min(1_024).optional(),
  AIZOOMDOC_MODEL_MAX_IMAGES: z.coerce.number().int().min(1).max(1_000).optional(),
  AIZOOMDOC_MODEL_IMAGE_TOKENS: z.coerce.number().int().min(1).max(100_000).optional(),
  AIZOOMDOC_MODEL_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3_600).optional(),
  // where users may point their own OpenAI-compatible server: `*`, or comma-separated URL prefixes; unset = nowhere
  AIZOOMDOC_MODEL_USER_BASE_URLS: z.string().optional(),
  AIZOOMDOC_TESSDATA: z.string().min(1).optional(),
  // `gemini` is the name the README has always used for "the configured model"
  AIZOOMDOC_OCR_ENGINE: z.enum(["tesseract", "model", "gemini"]).optional(),
  AIZOOMDOC_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  AIZOOMDOC_DIALOG_LOG: flag,
  AIZOOMDOC_S3_BUCKET: z.string().optional(),
  AIZOOMDOC_S3_ENDPOINT: z.string().optional(),
  AIZOOMDOC_S3_REGION: z.string().optional(),
  AIZOOMDOC_S3_ACCESS_KEY_ID: z.string().optional(),
  AIZOOMDOC_S3_SECRET_ACCESS_KEY: z.string().optional(),
  AIZOOMDOC_S3_FORCE_PATH_STYLE: flag,
  AIZOOMDOC_S3_PUBLIC_BASE_URL: z.string().optional(),
  AIZOOMDOC_S3_KEY_PREFIX: z.string().optional(),
  AIZOOMDOC_PROJECTS_SUPABASE_URL: z.string().optional(),
  AIZOOMDOC_PROJECTS_SUPABASE_KEY: z.string().optional(),
  AIZOOMDOC_PROJECTS_DATABASE_URL: z.string().optional(),
  AIZOOMDOC_PROJECTS_S3_BUCKET: z.string().optional(),
  AIZOOMDOC_PROJECTS_S3_ENDPOINT: z.string().optional(),
  AIZOOMDOC_PROJECTS_S3_REGION: z.string().optional(),
  AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID: z.string().optional(),
  AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY: z.string().optional(),
  AIZOOMDOC_PROJECTS_S3_FORCE_PATH_STYLE: flag,
  // the server (aizoomdoc serve); the reference's names are read too
  AIZOOMDOC_JWT_SECRET: z.string().min(32, "at least 32 characters of random text").optional(),
  JWT_SECRET_KEY: z.string().min(32, "at least 32 characters of random text").optional(),
  ACCESS_TOKEN_EXPIRE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).optional(),
  CORS_ORIGINS: z.string().optional(),
  MAX_FILE_SIZE_MB: z.coerce.number().int().min(1).max(2_000).optional(),
  MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(64).optional(),
  MAX_QUEUE_SIZE: z.coerce.number().int().min(1).max(10_000).optional(),
  AIZOOMDOC_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(1).max(3_600).optional(),
  AIZOOMDOC_ABANDONED_ANSWER_GRACE_SECONDS: z.coerce.number().min(0.05).max(3_600).optional(),
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).optional(),
});
type Env = z.output<typeof EnvSchema>;

/** Which variable each configuration field comes from, so an issue names what the user has to change. */
const VARIABLE_OF: Record<string, string> = {
  databaseUrl: "AIZOOMDOC_DATABASE_URL",
  secretKey: "AIZOOMDOC_SECRET_KEY",
  "model.baseUrl": "GEMINI_BASE_URL",
  "model.userBaseUrls": "AIZOOMDOC_MODEL_USER_BASE_URLS",
  "bucket.bucket": "AIZOOMDOC_S3_BUCKET",
  "bucket.endpoint": "AIZOOMDOC_S3_ENDPOINT",
  "bucket.publicBaseUrl": "AIZOOMDOC_S3_PUBLIC_BASE_URL",
  "bucket.keyPrefix": "AIZOOMDOC_S3_KEY_PREFIX",
  "projects.db.url": "AIZOOMDOC_PROJECTS_SUPABASE_URL / AIZOOMDOC_PROJECTS_DATABASE_URL",
  "projects.bucket.bucket": "AIZOOMDOC_PROJECTS_S3_BUCKET",
  "projects.bucket.endpoint": "AIZOOMDOC_PROJECTS_S3_ENDPOINT",
};

/** What the server takes from the environment beside the deployment's configuration. */
export interface ServerEnvironment {
  /** Signs access tokens (HS256); absent = an owner-only key file in the data dir, made on first start. Never logged. */
  jwtSecret?: string;
  accessTokenTtlSeconds: number;
  /** Origins allowed to call the API from a browser; empty = same origin only. */
  corsOrigins: string[];
  maxUploadBytes: number;
  /** How long an answer whose last follower disconnected waits for someone to resume it before it is cancelled. */
  abandonedAnswerGraceSeconds?: number;
  host?: string;
  port?: number;
}

/** What a host learns from the environment: the deployment's configuration and where the user's files live. */
export interface Environment {
  /** `~/.aizoomdoc` (or `AIZOOMDOC_HOME`): the CLI's config file, and `local/` as the default data dir. */
  home: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  configuration: AizoomdocConfiguration;
  server: ServerEnvironment;
  /** The CLI's remote mode as the environment sets it (over its config file). */
  remote: { server?: string; token?: string };
}

/**
 * The one place that reads the process environment (every host calls it; the library takes a configuration object
 * instead). Every bad or missing variable is reported at once, named as the user sets it.
 */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw configurationError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const e = parsed.data;
  const issues = pairingIssues(e);
  if (issues.length > 0) throw configurationError(issues);
  const home = resolve(e.AIZOOMDOC_HOME ?? join(homedir(), ".aizoomdoc"));
  try {
    return {
      home,
      logLevel: e.AIZOOMDOC_LOG_LEVEL ?? "warn",
      configuration: parseConfiguration(configurationOf(e, join(home, "local"))),
      server: serverOf(e),
      remote: { ...(e.AIZOOMDOC_SERVER ? { server: e.AIZOOMDOC_SERVER } : {}), ...(e.AIZOOMDOC_TOKEN ? { token: e.AIZOOMDOC_TOKEN } : {}) },
    };
  } catch (error) {
    const named = (error as { details?: { issues?: string[] } }).details?.issues?.map((issue) => {
      const [path, ...rest] = issue.split(": ");
      // an item of a list (`model.userBaseUrls.0`) is named by the list's variable
      const field = (path ?? "").replace(/(\.\d+)+$/, "");
      const variable = field === "model.baseUrl" && e.AIZOOMDOC_MODEL_PROVIDER !== undefined && e.AIZOOMDOC_MODEL_PROVIDER !== "gemini" ? "OPENAI_BASE_URL" : VARIABLE_OF[field];
      return `${variable ?? path}: ${rest.join(": ")}`;
    });
    throw named ? configurationError(named) : error;
  }
}

function serverOf(e: Env): ServerEnvironment {
  const jwtSecret = e.AIZOOMDOC_JWT_SECRET ?? e.JWT_SECRET_KEY;
  return {
    ...(jwtSecret ? { jwtSecret } : {}),
    accessTokenTtlSeconds: (e.ACCESS_TOKEN_EXPIRE_MINUTES ?? 60) * 60,
    corsOrigins: (e.CORS_ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean),
    maxUploadBytes: (e.MAX_FILE_SIZE_MB ?? 100) * 1024 * 1024,
    abandonedAnswerGraceSeconds: e.AIZOOMDOC_ABANDONED_ANSWER_GRACE_SECONDS ?? 60,
    ...(e.HOST ? { host: e.HOST } : {}),
    ...(e.PORT !== undefined ? { port: e.PORT } : {}),
  };
}

function pairingIssues(e: Env): string[] {
  const issues: string[] = [];
  if (e.AIZOOMDOC_S3_BUCKET && !(e.AIZOOMDOC_S3_ACCESS_KEY_ID && e.AIZOOMDOC_S3_SECRET_ACCESS_KEY))
    issues.push("AIZOOMDOC_S3_BUCKET needs AIZOOMDOC_S3_ACCESS_KEY_ID and AIZOOMDOC_S3_SECRET_ACCESS_KEY");
  if (!e.AIZOOMDOC_PROJECTS_SUPABASE_URL !== !e.AIZOOMDOC_PROJECTS_SUPABASE_KEY)
    issues.push("AIZOOMDOC_PROJECTS_SUPABASE_URL and AIZOOMDOC_PROJECTS_SUPABASE_KEY go together");
  if (e.AIZOOMDOC_PROJECTS_SUPABASE_URL && e.AIZOOMDOC_PROJECTS_DATABASE_URL)
    issues.push("set the Projects DB either by AIZOOMDOC_PROJECTS_SUPABASE_URL/_KEY or by AIZOOMDOC_PROJECTS_DATABASE_URL, not both");
  if (e.AIZOOMDOC_PROJECTS_S3_BUCKET && !(e.AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID && e.AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY))
    issues.push("AIZOOMDOC_PROJECTS_S3_BUCKET needs AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID and AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY");
  return issues;
}

const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== "")) as T;

function configurationOf(e: Env, dataDir: string): AizoomdocConfigurationInput {
  return defined({
    dataDir,
    databaseUrl: e.AIZOOMDOC_DATABASE_URL,
    secretKey: e.AIZOOMDOC_SECRET_KEY,
    dialogLog: on(e.AIZOOMDOC_DIALOG_LOG),
    answers: defined({ concurrency: e.MAX_CONCURRENT_REQUESTS, queueSize: e.MAX_QUEUE_SIZE, shutdownGraceSeconds: e.AIZOOMDOC_SHUTDOWN_GRACE_SECONDS }),
    model: modelOf(e),
    ocr: defined({ engine: e.AIZOOMDOC_OCR_ENGINE === "tesseract" || !e.AIZOOMDOC_OCR_ENGINE ? ("tesseract" as const) : ("model" as const), tessdataDir: e.AIZOOMDOC_TESSDATA }),
    bucket:
      e.AIZOOMDOC_S3_BUCKET && e.AIZOOMDOC_S3_ACCESS_KEY_ID && e.AIZOOMDOC_S3_SECRET_ACCESS_KEY
        ? defined({
            bucket: e.AIZOOMDOC_S3_BUCKET,
            endpoint: e.AIZOOMDOC_S3_ENDPOINT,
            region: e.AIZOOMDOC_S3_REGION,
            accessKeyId: e.AIZOOMDOC_S3_ACCESS_KEY_ID,
            secretAccessKey: e.AIZOOMDOC_S3_SECRET_ACCESS_KEY,
            forcePathStyle: on(e.AIZOOMDOC_S3_FORCE_PATH_STYLE),
            publicBaseUrl: e.AIZOOMDOC_S3_PUBLIC_BASE_URL,
            keyPrefix: e.AIZOOMDOC_S3_KEY_PREFIX,
          })
        : undefined,
    projects: projectsOf(e),
  });
}

/** The model the deployment answers with: Gemini by default, or the OpenAI-compatible server `AIZOOMDOC_MODEL_PROVIDER=openai` names. */
function modelOf(e: Env): AizoomdocConfigurationInput["model"] {
  const server = defined({
    contextTokens: e.AIZOOMDOC_MODEL_CONTEXT_TOKENS,
    maxImagesPerRequest: e.AIZOOMDOC_MODEL_MAX_IMAGES,
    imageTokens: e.AIZOOMDOC_MODEL_IMAGE_TOKENS,
    timeoutMs: e.AIZOOMDOC_MODEL_TIMEOUT_SECONDS !== undefined ? Math.round(e.AIZOOMDOC_MODEL_TIMEOUT_SECONDS * 1_000) : undefined,
  });
  if (e.AIZOOMDOC_MODEL_PROVIDER === "openai" || e.AIZOOMDOC_MODEL_PROVIDER === "openai-compatible") {
    const userBaseUrls = userBaseUrlsOf(e.AIZOOMDOC_MODEL_USER_BASE_URLS);
    return defined({
      provider: "openai-compatible" as const,
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      fastModel: e.OPENAI_FAST_MODEL,
      strongModel: e.OPENAI_STRONG_MODEL,
      thinkingControl: e.OPENAI_THINKING_CONTROL,
      ...server,
      ...(userBaseUrls ? { userBaseUrls } : {}),
    });
  }
  return defined({ provider: "gemini" as const, apiKey: e.GEMINI_API_KEY ?? e.GOOGLE_API_KEY, baseUrl: e.GEMINI_BASE_URL, fastModel: e.GEMINI_FAST_MODEL, strongModel: e.GEMINI_STRONG_MODEL, ...server });
}

function userBaseUrlsOf(value: string | undefined): "any" | string[] | undefined {
  const prefixes = (value ?? "").split(",").map((prefix) => prefix.trim()).filter(Boolean);
  if (prefixes.length === 0) return undefined;
  return prefixes.includes("*") ? "any" : prefixes;
}

function projectsOf(e: Env): AizoomdocConfigurationInput["projects"] {
  const db =
    e.AIZOOMDOC_PROJECTS_SUPABASE_URL && e.AIZOOMDOC_PROJECTS_SUPABASE_KEY
      ? { kind: "supabase" as const, url: e.AIZOOMDOC_PROJECTS_SUPABASE_URL, key: e.AIZOOMDOC_PROJECTS_SUPABASE_KEY }
      : e.AIZOOMDOC_PROJECTS_DATABASE_URL
        ? { kind: "postgres" as const, url: e.AIZOOMDOC_PROJECTS_DATABASE_URL }
        : undefined;
  if (!db) return undefined;
  const { AIZOOMDOC_PROJECTS_S3_BUCKET: bucket, AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID: accessKeyId, AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY: secretAccessKey } = e;
  return defined({
    db,
    bucket:
      bucket && accessKeyId && secretAccessKey
        ? defined({
            bucket,
            endpoint: e.AIZOOMDOC_PROJECTS_S3_ENDPOINT,
            region: e.AIZOOMDOC_PROJECTS_S3_REGION,
            accessKeyId,
            secretAccessKey,
            forcePathStyle: on(e.AIZOOMDOC_PROJECTS_S3_FORCE_PATH_STYLE),
          })
        : undefined,
  });
}
