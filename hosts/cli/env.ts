import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";

/** The only place the CLI reads the environment; parsed once, every issue reported at once. */
const EnvSchema = z.object({
  AIZOOMDOC_HOME: z.string().min(1).optional(),
  AIZOOMDOC_DATABASE_URL: z.string().url().optional(),
  GEMINI_API_KEY: z.string().min(1).optional(),
  GOOGLE_API_KEY: z.string().min(1).optional(),
  GEMINI_BASE_URL: z.string().url().optional(),
  // seals stored secrets (users' own API keys); local mode makes <dataDir>/secret.key when it is unset
  AIZOOMDOC_SECRET_KEY: z.string().min(32, "at least 32 characters of random text").optional(),
  GEMINI_FAST_MODEL: z.string().min(1).optional(),
  GEMINI_STRONG_MODEL: z.string().min(1).optional(),
  AIZOOMDOC_TESSDATA: z.string().min(1).optional(),
  AIZOOMDOC_OCR_ENGINE: z.enum(["tesseract", "gemini"]).optional(),
  AIZOOMDOC_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  // opt-in: every model call of a chat as JSON lines in <dataDir>/logs/<chatId>.jsonl, secrets redacted
  AIZOOMDOC_DIALOG_LOG: z.enum(["true", "false", "1", "0"]).optional(),
  // Blobs go to an S3-compatible bucket (R2, S3, MinIO) when a bucket is named; else to `<dataDir>/blobs`.
  AIZOOMDOC_S3_BUCKET: z.string().min(3).max(63).optional(),
  AIZOOMDOC_S3_ENDPOINT: z.string().url().optional(),
  AIZOOMDOC_S3_REGION: z.string().min(1).optional(),
  AIZOOMDOC_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  AIZOOMDOC_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AIZOOMDOC_S3_FORCE_PATH_STYLE: z.enum(["true", "false", "1", "0"]).optional(),
  AIZOOMDOC_S3_PUBLIC_BASE_URL: z.string().url().optional(),
  AIZOOMDOC_S3_KEY_PREFIX: z.string().min(1).optional(),
  // An existing deployment's read-only Projects DB (REST URL + key, or its Postgres URL) and the bucket its files are in.
  AIZOOMDOC_PROJECTS_SUPABASE_URL: z.string().url().optional(),
  AIZOOMDOC_PROJECTS_SUPABASE_KEY: z.string().min(1).optional(),
  AIZOOMDOC_PROJECTS_DATABASE_URL: z.string().url().optional(),
  AIZOOMDOC_PROJECTS_S3_BUCKET: z.string().min(3).max(63).optional(),
  AIZOOMDOC_PROJECTS_S3_ENDPOINT: z.string().url().optional(),
  AIZOOMDOC_PROJECTS_S3_REGION: z.string().min(1).optional(),
  AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AIZOOMDOC_PROJECTS_S3_FORCE_PATH_STYLE: z.enum(["true", "false", "1", "0"]).optional(),
}).refine((e) => !e.AIZOOMDOC_S3_BUCKET || (e.AIZOOMDOC_S3_ACCESS_KEY_ID && e.AIZOOMDOC_S3_SECRET_ACCESS_KEY), {
  message: "AIZOOMDOC_S3_BUCKET needs AIZOOMDOC_S3_ACCESS_KEY_ID and AIZOOMDOC_S3_SECRET_ACCESS_KEY",
  path: ["AIZOOMDOC_S3_BUCKET"],
}).refine((e) => !e.AIZOOMDOC_PROJECTS_SUPABASE_URL === !e.AIZOOMDOC_PROJECTS_SUPABASE_KEY, {
  message: "AIZOOMDOC_PROJECTS_SUPABASE_URL and AIZOOMDOC_PROJECTS_SUPABASE_KEY go together",
  path: ["AIZOOMDOC_PROJECTS_SUPABASE_URL"],
}).refine((e) => !(e.AIZOOMDOC_PROJECTS_SUPABASE_URL && e.AIZOOMDOC_PROJECTS_DATABASE_URL), {
  message: "set the Projects DB either by AIZOOMDOC_PROJECTS_SUPABASE_URL/_KEY or by AIZOOMDOC_PROJECTS_DATABASE_URL, not both",
  path: ["AIZOOMDOC_PROJECTS_DATABASE_URL"],
}).refine((e) => !e.AIZOOMDOC_PROJECTS_S3_BUCKET || (e.AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID && e.AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY), {
  message: "AIZOOMDOC_PROJECTS_S3_BUCKET needs AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID and AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY",
  path: ["AIZOOMDOC_PROJECTS_S3_BUCKET"],
});

/** An S3-compatible bucket for blobs (the shape of adapters/r2's config; hosts build adapter configs). */
export interface S3Environment {
  bucket: string;
  endpoint?: string;
  region?: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  publicBaseUrl?: string;
  /** Folder of the bucket the store keeps its keys under (`aizoomdoc/`), when the bucket is shared. */
  keyPrefix?: string;
}

/** Where an existing deployment's Projects DB is read from (the shape of adapters/supabase's ProjectsDbConfig). */
export type ProjectsDbEnvironment = { kind: "supabase"; url: string; key: string } | { kind: "postgres"; url: string };

export interface ProjectsEnvironment {
  db: ProjectsDbEnvironment;
  /** The deployment's bucket (read only); a sync needs it, the tree and search do not. */
  s3?: S3Environment;
}

export interface CliEnvironment {
  home: string;
  dataDir: string;
  databaseUrl?: string;
  geminiApiKey?: string;
  geminiBaseUrl?: string;
  /** Seals stored secrets; absent = the local key file `<dataDir>/secret.key`. Never logged. */
  secretKey?: string;
  /** Model ids for the fast and strong tiers; the adapter's defaults apply when unset. */
  geminiFastModel?: string;
  geminiStrongModel?: string;
  tessdataDir?: string;
  /** `gemini` reads OCR tiles with the configured model instead of the local tesseract (needs a key). */
  ocrEngine: "tesseract" | "gemini";
  logLevel: string;
  /** AIZOOMDOC_DIALOG_LOG: model calls are logged per chat under `<dataDir>/logs`. */
  dialogLog: boolean;
  /** Set when blobs live in a bucket instead of the data dir. */
  s3?: S3Environment;
  /** Set when an existing deployment's Projects DB is configured. */
  projects?: ProjectsEnvironment;
}

export function readCliEnvironment(env: NodeJS.ProcessEnv = process.env): CliEnvironment {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid environment: ${issues}`);
  }
  const e = parsed.data;
  const home = resolve(e.AIZOOMDOC_HOME ?? join(homedir(), ".aizoomdoc"));
  return {
    home,
    dataDir: join(home, "local"),
    databaseUrl: e.AIZOOMDOC_DATABASE_URL,
    geminiApiKey: e.GEMINI_API_KEY ?? e.GOOGLE_API_KEY,
    geminiBaseUrl: e.GEMINI_BASE_URL,
    secretKey: e.AIZOOMDOC_SECRET_KEY,
    geminiFastModel: e.GEMINI_FAST_MODEL,
    geminiStrongModel: e.GEMINI_STRONG_MODEL,
    tessdataDir: e.AIZOOMDOC_TESSDATA,
    ocrEngine: e.AIZOOMDOC_OCR_ENGINE ?? "tesseract",
    logLevel: e.AIZOOMDOC_LOG_LEVEL ?? "warn",
    dialogLog: e.AIZOOMDOC_DIALOG_LOG === "true" || e.AIZOOMDOC_DIALOG_LOG === "1",
    ...(e.AIZOOMDOC_S3_BUCKET && e.AIZOOMDOC_S3_ACCESS_KEY_ID && e.AIZOOMDOC_S3_SECRET_ACCESS_KEY
      ? {
          s3: {
            bucket: e.AIZOOMDOC_S3_BUCKET,
            ...(e.AIZOOMDOC_S3_ENDPOINT ? { endpoint: e.AIZOOMDOC_S3_ENDPOINT } : {}),
            ...(e.AIZOOMDOC_S3_REGION ? { region: e.AIZOOMDOC_S3_REGION } : {}),
            accessKeyId: e.AIZOOMDOC_S3_ACCESS_KEY_ID,
            secretAccessKey: e.AIZOOMDOC_S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.AIZOOMDOC_S3_FORCE_PATH_STYLE === "true" || e.AIZOOMDOC_S3_FORCE_PATH_STYLE === "1",
            ...(e.AIZOOMDOC_S3_PUBLIC_BASE_URL ? { publicBaseUrl: e.AIZOOMDOC_S3_PUBLIC_BASE_URL } : {}),
            ...(e.AIZOOMDOC_S3_KEY_PREFIX ? { keyPrefix: e.AIZOOMDOC_S3_KEY_PREFIX } : {}),
          },
        }
      : {}),
    ...projectsEnvironment(e),
  };
}

function projectsEnvironment(e: z.output<typeof EnvSchema>): { projects?: ProjectsEnvironment } {
  const db: ProjectsDbEnvironment | undefined =
    e.AIZOOMDOC_PROJECTS_SUPABASE_URL && e.AIZOOMDOC_PROJECTS_SUPABASE_KEY
      ? { kind: "supabase", url: e.AIZOOMDOC_PROJECTS_SUPABASE_URL, key: e.AIZOOMDOC_PROJECTS_SUPABASE_KEY }
      : e.AIZOOMDOC_PROJECTS_DATABASE_URL
        ? { kind: "postgres", url: e.AIZOOMDOC_PROJECTS_DATABASE_URL }
        : undefined;
  if (!db) return {};
  const bucket = e.AIZOOMDOC_PROJECTS_S3_BUCKET;
  const accessKeyId = e.AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID;
  const secretAccessKey = e.AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY;
  const pathStyle = e.AIZOOMDOC_PROJECTS_S3_FORCE_PATH_STYLE;
  return {
    projects: {
      db,
      ...(bucket && accessKeyId && secretAccessKey
        ? {
            s3: {
              bucket,
              ...(e.AIZOOMDOC_PROJECTS_S3_ENDPOINT ? { endpoint: e.AIZOOMDOC_PROJECTS_S3_ENDPOINT } : {}),
              ...(e.AIZOOMDOC_PROJECTS_S3_REGION ? { region: e.AIZOOMDOC_PROJECTS_S3_REGION } : {}),
              accessKeyId,
              secretAccessKey,
              forcePathStyle: pathStyle === "true" || pathStyle === "1",
            },
          }
        : {}),
    },
  };
}
