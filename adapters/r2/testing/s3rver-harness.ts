import { createRequire } from "node:module";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import type { R2Config } from "../r2.config.js";

/** A loopback s3rver for tests and benches, with a log of the requests it served (`METHOD path?query`). */
export interface S3rverHarness {
  endpoint: string;
  requests: string[];
  /** Creates an empty bucket and returns the config of a store on it. */
  createBucket(name?: string): Promise<R2Config & { bucket: string }>;
  close(): Promise<void>;
}

let bucketCounter = 0;
const patched = Symbol.for("aizoomdoc.s3rverDesShim");

export async function startS3rver(): Promise<S3rverHarness> {
  allowS3rverContinuationTokens();
  const directory = await mkdtemp(join(tmpdir(), "aizoomdoc-s3rver-"));
  const s3rver = new S3rver({ silent: true, directory });
  const handle = s3rver.callback();
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  const admin = new S3Client({
    region: "us-east-1",
    endpoint,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return {
    endpoint,
    requests,
    async createBucket(name = `bucket-${process.pid}-${++bucketCounter}`) {
      await admin.send(new CreateBucketCommand({ Bucket: name }));
      return { endpoint, region: "us-east-1", bucket: name, forcePathStyle: true, ...credentials };
    },
    async close() {
      admin.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * s3rver 3.7.1 encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 18+) no
 * longer offers: every truncated listing answers HTTP 500. Its tokens only need to round-trip, so inside
 * this test process a DES "cipher" becomes the identity. Real S3 and R2 are untouched by this.
 */
function allowS3rverContinuationTokens(): void {
  const crypto = createRequire(import.meta.url)("node:crypto") as Record<string, unknown> & { [patched]?: true };
  if (crypto[patched]) return;
  const original = { cipher: crypto.createCipheriv as (...args: unknown[]) => unknown, decipher: crypto.createDecipheriv as (...args: unknown[]) => unknown };
  const identity = () => ({
    update: (data: string | Buffer, encoding?: BufferEncoding) => (typeof data === "string" ? Buffer.from(data, encoding) : Buffer.from(data)),
    final: () => Buffer.alloc(0),
  });
  crypto.createCipheriv = (algorithm: unknown, ...rest: unknown[]) => (algorithm === "des" ? identity() : original.cipher(algorithm, ...rest));
  crypto.createDecipheriv = (algorithm: unknown, ...rest: unknown[]) => (algorithm === "des" ? identity() : original.decipher(algorithm, ...rest));
  crypto[patched] = true;
}
