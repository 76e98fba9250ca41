import { describe, expect, it } from "vitest";
import { readCliEnvironment } from "./env.js";

describe("CLI environment: S3 blob store", () => {
  it("keeps blobs in the data dir unless a bucket is named", () => {
    expect(readCliEnvironment({ AIZOOMDOC_HOME: "/h" }).s3).toBeUndefined();
  });

  it("builds the bucket config from AIZOOMDOC_S3_* variables", () => {
    const env = readCliEnvironment({
      AIZOOMDOC_HOME: "/h",
      AIZOOMDOC_S3_BUCKET: "docs",
      AIZOOMDOC_S3_ENDPOINT: "https://acc.r2.example.test",
      AIZOOMDOC_S3_ACCESS_KEY_ID: "id",
      AIZOOMDOC_S3_SECRET_ACCESS_KEY: "secret",
      AIZOOMDOC_S3_FORCE_PATH_STYLE: "1",
      AIZOOMDOC_S3_KEY_PREFIX: "aizoomdoc/",
    });
    expect(env.s3).toEqual({
      bucket: "docs",
      endpoint: "https://acc.r2.example.test",
      accessKeyId: "id",
      secretAccessKey: "secret",
      forcePathStyle: true,
      keyPrefix: "aizoomdoc/",
    });
  });

  it("names the missing credentials when only a bucket is set", () => {
    expect(() => readCliEnvironment({ AIZOOMDOC_S3_BUCKET: "docs" })).toThrow(/AIZOOMDOC_S3_ACCESS_KEY_ID and AIZOOMDOC_S3_SECRET_ACCESS_KEY/);
  });
});
