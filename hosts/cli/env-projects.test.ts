import { describe, expect, it } from "vitest";
import { readCliEnvironment } from "./env.js";

const bucket = {
  AIZOOMDOC_PROJECTS_S3_BUCKET: "deployment",
  AIZOOMDOC_PROJECTS_S3_ENDPOINT: "https://acc.r2.example.test",
  AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID: "id",
  AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY: "bucket-secret",
};

describe("CLI environment: the Projects DB of an existing deployment", () => {
  it("has none unless one is named", () => {
    expect(readCliEnvironment({ AIZOOMDOC_HOME: "/h", ...bucket }).projects).toBeUndefined();
  });

  it("reads it through Supabase REST with the deployment's bucket", () => {
    const env = readCliEnvironment({ AIZOOMDOC_PROJECTS_SUPABASE_URL: "https://p.supabase.example.test", AIZOOMDOC_PROJECTS_SUPABASE_KEY: "k", ...bucket });
    expect(env.projects).toEqual({
      db: { kind: "supabase", url: "https://p.supabase.example.test", key: "k" },
      s3: { bucket: "deployment", endpoint: "https://acc.r2.example.test", accessKeyId: "id", secretAccessKey: "bucket-secret", forcePathStyle: false },
    });
    // our own blob store is a different setting
    expect(env.s3).toBeUndefined();
  });

  it("reads it by Postgres URL, without a bucket (tree and search need none)", () => {
    const env = readCliEnvironment({ AIZOOMDOC_PROJECTS_DATABASE_URL: "postgres://u:p@db.example.test:5432/postgres", AIZOOMDOC_PROJECTS_S3_FORCE_PATH_STYLE: "true" });
    expect(env.projects).toEqual({ db: { kind: "postgres", url: "postgres://u:p@db.example.test:5432/postgres" } });
  });

  it("names what is missing or ambiguous, and never prints a key", () => {
    const failure = (env: NodeJS.ProcessEnv) => {
      try {
        readCliEnvironment(env);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("expected the environment to be refused");
    };
    expect(failure({ AIZOOMDOC_PROJECTS_SUPABASE_URL: "https://p.example.test" })).toContain("AIZOOMDOC_PROJECTS_SUPABASE_URL and AIZOOMDOC_PROJECTS_SUPABASE_KEY go together");
    expect(failure({ AIZOOMDOC_PROJECTS_SUPABASE_URL: "https://p.example.test", AIZOOMDOC_PROJECTS_SUPABASE_KEY: "k", AIZOOMDOC_PROJECTS_DATABASE_URL: "postgres://h/db" })).toContain(
      "not both",
    );
    expect(failure({ AIZOOMDOC_PROJECTS_DATABASE_URL: "postgres://h/db", AIZOOMDOC_PROJECTS_S3_BUCKET: "deployment" })).toContain(
      "AIZOOMDOC_PROJECTS_S3_BUCKET needs AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID and AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY",
    );
    const message = failure({ AIZOOMDOC_PROJECTS_SUPABASE_URL: "not a url", AIZOOMDOC_PROJECTS_SUPABASE_KEY: "very-secret-key", ...bucket, AIZOOMDOC_PROJECTS_S3_ENDPOINT: "nope" });
    expect(message).toContain("AIZOOMDOC_PROJECTS_SUPABASE_URL");
    expect(message).toContain("AIZOOMDOC_PROJECTS_S3_ENDPOINT");
    expect(message).not.toContain("very-secret-key");
    expect(message).not.toContain("bucket-secret");
  });
});
