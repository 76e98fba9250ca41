import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

/** The only place the CLI reads the environment; parsed once, every issue reported at once. */
const EnvSchema = z.object({
  AIZOOMDOC_HOME: z.string().min(1).optional(),
  AIZOOMDOC_DATABASE_URL: z.string().url().optional(),
  GEMINI_API_KEY: z.string().min(1).optional(),
  GOOGLE_API_KEY: z.string().min(1).optional(),
  GEMINI_BASE_URL: z.string().url().optional(),
  GEMINI_FAST_MODEL: z.string().min(1).optional(),
  GEMINI_STRONG_MODEL: z.string().min(1).optional(),
  AIZOOMDOC_TESSDATA: z.string().min(1).optional(),
  AIZOOMDOC_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

export interface CliEnvironment {
  home: string;
  dataDir: string;
  databaseUrl?: string;
  geminiApiKey?: string;
  geminiBaseUrl?: string;
  /** Model ids for the fast and strong tiers; the adapter's defaults apply when unset. */
  geminiFastModel?: string;
  geminiStrongModel?: string;
  tessdataDir?: string;
  logLevel: string;
}

export function readCliEnvironment(env: NodeJS.ProcessEnv = process.env): CliEnvironment {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid environment: ${issues}`);
  }
  const e = parsed.data;
  const home = e.AIZOOMDOC_HOME ?? join(homedir(), ".aizoomdoc");
  return {
    home,
    dataDir: join(home, "local"),
    databaseUrl: e.AIZOOMDOC_DATABASE_URL,
    geminiApiKey: e.GEMINI_API_KEY ?? e.GOOGLE_API_KEY,
    geminiBaseUrl: e.GEMINI_BASE_URL,
    geminiFastModel: e.GEMINI_FAST_MODEL,
    geminiStrongModel: e.GEMINI_STRONG_MODEL,
    tessdataDir: e.AIZOOMDOC_TESSDATA,
    logLevel: e.AIZOOMDOC_LOG_LEVEL ?? "warn",
  };
}
