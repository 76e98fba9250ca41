import { describe, expect, it } from "vitest";
import { readEnvironment } from "./read-environment.js";

const failure = (env: NodeJS.ProcessEnv): { code: string; message: string } => {
  try {
    readEnvironment(env);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error("expected the environment to be refused");
};

describe("readEnvironment: the zero-config default", () => {
  it("is local mode under AIZOOMDOC_HOME: PGlite and files in <home>/local, tesseract, no model key", () => {
    const { home, configuration } = readEnvironment({ AIZOOMDOC_HOME: "/h" });
    expect(home).toBe("/h");
    expect(configuration).toEqual({ dataDir: "/h/local", dialogLog: false, answers: { concurrency: 2, queueSize: 50, shutdownGraceSeconds: 30 }, model: { provider: "gemini" }, ocr: { engine: "tesseract" } });
  });

  it("takes the model's key from GEMINI_API_KEY (or GOOGLE_API_KEY), and OCR by the model by its old name", () => {
    const { configuration } = readEnvironment({ AIZOOMDOC_HOME: "/h", GOOGLE_API_KEY: "g-key", AIZOOMDOC_OCR_ENGINE: "gemini", GEMINI_FAST_MODEL: "fast-1" });
    expect(configuration.model).toEqual({ provider: "gemini", apiKey: "g-key", fastModel: "fast-1" });
    expect(configuration.ocr).toEqual({ engine: "model" });
  });

  it("chooses an OpenAI-compatible server with AIZOOMDOC_MODEL_PROVIDER=openai, from the OPENAI_* variables only", () => {
    const { configuration } = readEnvironment({
      AIZOOMDOC_HOME: "/h",
      AIZOOMDOC_MODEL_PROVIDER: "openai",
      OPENAI_BASE_URL: "http://127.0.0.1:8000/v1",
      OPENAI_FAST_MODEL: "qwen2.5-vl-7b",
      OPENAI_STRONG_MODEL: "qwen2.5-vl-72b",
      GEMINI_API_KEY: "not-for-this-server",
    });
    expect(configuration.model).toEqual({ provider: "openai-compatible", baseUrl: "http://127.0.0.1:8000/v1", fastModel: "qwen2.5-vl-7b", strongModel: "qwen2.5-vl-72b" });
    expect(readEnvironment({ AIZOOMDOC_HOME: "/h", AIZOOMDOC_MODEL_PROVIDER: "openai", OPENAI_API_KEY: "sk-1" }).configuration.model).toEqual({ provider: "openai-compatible", apiKey: "sk-1" });
  });

  it("reads the model server's limits and timeout for either provider, and where users may point their own server", () => {
    const limits = { AIZOOMDOC_MODEL_CONTEXT_TOKENS: "32768", AIZOOMDOC_MODEL_MAX_IMAGES: "4", AIZOOMDOC_MODEL_IMAGE_TOKENS: "1200", AIZOOMDOC_MODEL_TIMEOUT_SECONDS: "600" };
    const server = { contextTokens: 32_768, maxImagesPerRequest: 4, imageTokens: 1_200, timeoutMs: 600_000 };
    const openAi = readEnvironment({
      AIZOOMDOC_HOME: "/h",
      AIZOOMDOC_MODEL_PROVIDER: "openai-compatible",
      OPENAI_BASE_URL: "http://gpu:8000/v1",
      OPENAI_THINKING_CONTROL: "reasoning_effort",
      AIZOOMDOC_MODEL_USER_BASE_URLS: " http://gpu:8000/, http://10.0.0.7:11434/v1 ",
      ...limits,
    });
    expect(openAi.configuration.model).toEqual({ provider: "openai-compatible", baseUrl: "http://gpu:8000/v1", thinkingControl: "reasoning_effort", ...server, userBaseUrls: ["http://gpu:8000/", "http://10.0.0.7:11434/v1"] });
    expect(readEnvironment({ AIZOOMDOC_HOME: "/h", AIZOOMDOC_MODEL_PROVIDER: "openai", AIZOOMDOC_MODEL_USER_BASE_URLS: "*" }).configuration.model.userBaseUrls).toBe("any");
    expect(readEnvironment({ AIZOOMDOC_HOME: "/h", GEMINI_API_KEY: "g-key", ...limits }).configuration.model).toEqual({ provider: "gemini", apiKey: "g-key", ...server });
    const bad = failure({ AIZOOMDOC_MODEL_CONTEXT_TOKENS: "8k", AIZOOMDOC_MODEL_MAX_IMAGES: "0", AIZOOMDOC_MODEL_PROVIDER: "openai", AIZOOMDOC_MODEL_USER_BASE_URLS: "gpu box" });
    for (const name of ["AIZOOMDOC_MODEL_CONTEXT_TOKENS", "AIZOOMDOC_MODEL_MAX_IMAGES"]) expect(bad.message).toContain(name);
    expect(failure({ AIZOOMDOC_MODEL_PROVIDER: "openai", AIZOOMDOC_MODEL_USER_BASE_URLS: "gpu box" }).message).toContain("AIZOOMDOC_MODEL_USER_BASE_URLS");
  });

  it("names OPENAI_BASE_URL when the OpenAI-compatible server's URL is bad, and refuses an unknown provider", () => {
    expect(failure({ AIZOOMDOC_MODEL_PROVIDER: "openai", OPENAI_BASE_URL: "the gpu box" }).message).toContain("OPENAI_BASE_URL");
    expect(failure({ AIZOOMDOC_MODEL_PROVIDER: "anthropic" }).message).toContain("AIZOOMDOC_MODEL_PROVIDER");
  });

  it("reports every bad variable at once, by its name, as CONFIGURATION.INVALID, without printing secrets", () => {
    const error = failure({ AIZOOMDOC_DATABASE_URL: "mysql://db", AIZOOMDOC_SECRET_KEY: "short-secret", GEMINI_BASE_URL: "not a url" });
    expect(error.code).toBe("CONFIGURATION.INVALID");
    for (const name of ["AIZOOMDOC_DATABASE_URL", "AIZOOMDOC_SECRET_KEY", "GEMINI_BASE_URL"]) expect(error.message).toContain(name);
    expect(error.message).not.toContain("short-secret");
  });
});

describe("readEnvironment: S3 blob store", () => {
  it("keeps blobs in the data dir unless a bucket is named", () => {
    expect(readEnvironment({ AIZOOMDOC_HOME: "/h" }).configuration.bucket).toBeUndefined();
  });

  it("builds the bucket config from AIZOOMDOC_S3_* variables", () => {
    const { configuration } = readEnvironment({
      AIZOOMDOC_HOME: "/h",
      AIZOOMDOC_S3_BUCKET: "docs",
      AIZOOMDOC_S3_ENDPOINT: "https://acc.r2.example.test",
      AIZOOMDOC_S3_ACCESS_KEY_ID: "id",
      AIZOOMDOC_S3_SECRET_ACCESS_KEY: "secret",
      AIZOOMDOC_S3_FORCE_PATH_STYLE: "1",
      AIZOOMDOC_S3_KEY_PREFIX: "aizoomdoc/",
    });
    expect(configuration.bucket).toEqual({
      bucket: "docs",
      endpoint: "https://acc.r2.example.test",
      accessKeyId: "id",
      secretAccessKey: "secret",
      forcePathStyle: true,
      keyPrefix: "aizoomdoc/",
    });
  });

  it("names the missing credentials when only a bucket is set", () => {
    expect(failure({ AIZOOMDOC_S3_BUCKET: "docs" }).message).toMatch(/AIZOOMDOC_S3_ACCESS_KEY_ID and AIZOOMDOC_S3_SECRET_ACCESS_KEY/);
  });
});

const bucket = {
  AIZOOMDOC_PROJECTS_S3_BUCKET: "deployment",
  AIZOOMDOC_PROJECTS_S3_ENDPOINT: "https://acc.r2.example.test",
  AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID: "id",
  AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY: "bucket-secret",
};

describe("readEnvironment: the Projects DB of an existing deployment", () => {
  it("has none unless one is named", () => {
    expect(readEnvironment({ AIZOOMDOC_HOME: "/h", ...bucket }).configuration.projects).toBeUndefined();
  });

  it("reads it through Supabase REST with the deployment's bucket", () => {
    const { configuration } = readEnvironment({ AIZOOMDOC_PROJECTS_SUPABASE_URL: "https://p.supabase.example.test", AIZOOMDOC_PROJECTS_SUPABASE_KEY: "k", ...bucket });
    expect(configuration.projects).toEqual({
      db: { kind: "supabase", url: "https://p.supabase.example.test", key: "k" },
      bucket: { bucket: "deployment", endpoint: "https://acc.r2.example.test", accessKeyId: "id", secretAccessKey: "bucket-secret", forcePathStyle: false },
    });
    // our own blob store is a different setting
    expect(configuration.bucket).toBeUndefined();
  });

  it("reads it by Postgres URL, without a bucket (tree and search need none)", () => {
    const { configuration } = readEnvironment({ AIZOOMDOC_PROJECTS_DATABASE_URL: "postgres://u:p@db.example.test:5432/postgres", AIZOOMDOC_PROJECTS_S3_FORCE_PATH_STYLE: "true" });
    expect(configuration.projects).toEqual({ db: { kind: "postgres", url: "postgres://u:p@db.example.test:5432/postgres" } });
  });

  it("names what is missing or ambiguous, and never prints a key", () => {
    expect(failure({ AIZOOMDOC_PROJECTS_SUPABASE_URL: "https://p.example.test" }).message).toContain("AIZOOMDOC_PROJECTS_SUPABASE_URL and AIZOOMDOC_PROJECTS_SUPABASE_KEY go together");
    expect(failure({ AIZOOMDOC_PROJECTS_SUPABASE_URL: "https://p.example.test", AIZOOMDOC_PROJECTS_SUPABASE_KEY: "k", AIZOOMDOC_PROJECTS_DATABASE_URL: "postgres://h/db" }).message).toContain("not both");
    expect(failure({ AIZOOMDOC_PROJECTS_DATABASE_URL: "postgres://h/db", AIZOOMDOC_PROJECTS_S3_BUCKET: "deployment" }).message).toContain(
      "AIZOOMDOC_PROJECTS_S3_BUCKET needs AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID and AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY",
    );
    const { message } = failure({ AIZOOMDOC_PROJECTS_SUPABASE_URL: "not a url", AIZOOMDOC_PROJECTS_SUPABASE_KEY: "very-secret-key", ...bucket, AIZOOMDOC_PROJECTS_S3_ENDPOINT: "nope" });
    expect(message).toContain("AIZOOMDOC_PROJECTS_SUPABASE_URL");
    expect(message).toContain("AIZOOMDOC_PROJECTS_S3_ENDPOINT");
    expect(message).not.toContain("very-secret-key");
    expect(message).not.toContain("bucket-secret");
  });
});
