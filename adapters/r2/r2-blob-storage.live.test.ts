import { randomUUID } from "node:crypto";
import { afterAll, describe } from "vitest";
import { describeBlobStorageContract } from "../../core/ports/testing/blob-storage.contract.js";
import { R2BlobStorage } from "./r2-blob-storage.js";
import type { R2Config } from "./r2.config.js";

// Opt-in tier (`npm run test:live`): the contract against a real bucket (R2, S3, MinIO) named by the same
// variables the CLI reads. Every store lives under a fresh `aizoomdoc-live-test/<run>/<n>/` prefix, removed at the end.
const env = process.env;
const configured = Boolean(env.AIZOOMDOC_S3_BUCKET && env.AIZOOMDOC_S3_ACCESS_KEY_ID && env.AIZOOMDOC_S3_SECRET_ACCESS_KEY);
if (!configured) console.warn("S3/R2 live test skipped: AIZOOMDOC_S3_BUCKET, AIZOOMDOC_S3_ACCESS_KEY_ID and AIZOOMDOC_S3_SECRET_ACCESS_KEY are not set");

const run = `aizoomdoc-live-test/${randomUUID()}/`;
const base = (): R2Config => ({
  bucket: env.AIZOOMDOC_S3_BUCKET ?? "unset",
  accessKeyId: env.AIZOOMDOC_S3_ACCESS_KEY_ID ?? "unset",
  secretAccessKey: env.AIZOOMDOC_S3_SECRET_ACCESS_KEY ?? "unset",
  ...(env.AIZOOMDOC_S3_ENDPOINT ? { endpoint: env.AIZOOMDOC_S3_ENDPOINT } : {}),
  ...(env.AIZOOMDOC_S3_REGION ? { region: env.AIZOOMDOC_S3_REGION } : {}),
  forcePathStyle: env.AIZOOMDOC_S3_FORCE_PATH_STYLE === "true" || env.AIZOOMDOC_S3_FORCE_PATH_STYLE === "1",
});

describe.skipIf(!configured)("R2BlobStorage against a live bucket", () => {
  let counter = 0;
  const stores: R2BlobStorage[] = [];
  afterAll(async () => {
    const cleaner = new R2BlobStorage({ ...base(), keyPrefix: run });
    for await (const head of cleaner.list("")) await cleaner.delete(head.key);
    for (const store of [cleaner, ...stores]) store.close();
  });

  describeBlobStorageContract(
    "R2BlobStorage (live)",
    () => {
      const store = new R2BlobStorage({ ...base(), keyPrefix: `${run}${++counter}/` });
      stores.push(store);
      return store;
    },
    { signedUrl: true, keepsContentType: true },
  );
});
