import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { DomainError } from "../../core/domain/errors.js";
import { assertBlobKey, assertBlobPrefix } from "../../core/ports/blob-key.js";
import type { BlobHead, BlobStorage, ByteRange } from "../../core/ports/blob-storage.js";
import { mapS3Error } from "./map-s3-error.js";
import { R2Config, type ResolvedR2Config } from "./r2.config.js";

/** S3 presigned URLs live at most 7 days. */
const MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600;

/**
 * BlobStorage over the S3 API (Cloudflare R2, AWS S3, MinIO, s3rver). Small byte bodies go up in one
 * PutObject; streams and large bodies go through a multipart upload that is aborted if the body fails,
 * so a failed put never leaves an object behind.
 */
export class R2BlobStorage implements BlobStorage {
  private readonly config: ResolvedR2Config;
  private readonly client: S3Client;
  private readonly endpointName: string;
  /** A permanent unsigned URL, present when `publicBaseUrl` is configured. */
  readonly publicUrl?: (key: string) => string;

  constructor(config: R2Config, client?: S3Client) {
    this.config = R2Config.parse(config);
    const c = this.config;
    this.endpointName = c.endpoint ?? `s3.${c.region}.amazonaws.com`;
    this.client =
      client ??
      new S3Client({
        region: c.region,
        ...(c.endpoint ? { endpoint: c.endpoint } : {}),
        forcePathStyle: c.forcePathStyle,
        credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
        // The default ("WHEN_SUPPORTED") sends streams as aws-chunked with a CRC trailer, which R2-likes and
        // s3rver store verbatim as the object's bytes: silent corruption (STACK_NOTES §5).
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        requestHandler: {
          connectionTimeout: c.connectTimeoutMs,
          requestTimeout: c.requestTimeoutMs,
          // Without this the SDK only logs a warning and keeps waiting on a silent endpoint.
          throwOnRequestTimeout: true,
          socketTimeout: c.requestTimeoutMs,
        },
        maxAttempts: c.maxAttempts,
      });
    const base = c.publicBaseUrl?.replace(/\/+$/, "");
    if (base) {
      this.publicUrl = (key) => {
        assertBlobKey(key);
        return `${base}/${this.objectKey(key).split("/").map(encodeURIComponent).join("/")}`;
      };
    }
  }

  async put(key: string, body: Uint8Array | AsyncIterable<Uint8Array>, options: { contentType?: string } = {}): Promise<BlobHead> {
    assertBlobKey(key);
    const contentType = options.contentType ? { ContentType: options.contentType } : {};
    if (body instanceof Uint8Array && body.byteLength < this.config.partSizeBytes) {
      const result = await this.send(key, () =>
        this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key), Body: body, ContentLength: body.byteLength, ...contentType })),
      );
      return { key, size: body.byteLength, ...optional("contentType", options.contentType), ...optional("etag", result.ETag) };
    }
    const counted = countBytes(body instanceof Uint8Array ? [body] : body);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: this.objectKey(key), Body: Readable.from(counted.stream), ...contentType },
      partSize: this.config.partSizeBytes,
      queueSize: this.config.uploadConcurrency,
      leavePartsOnError: false,
    });
    try {
      const result = await upload.done();
      return { key, size: counted.size(), ...optional("contentType", options.contentType), ...optional("etag", result.ETag) };
    } catch (error) {
      // The caller's own stream failed: report its error, not a storage failure.
      const bodyError = counted.error();
      if (bodyError !== undefined) throw bodyError;
      throw mapS3Error(error, this.target(key));
    }
  }

  async get(key: string, range?: ByteRange): Promise<AsyncIterable<Uint8Array>> {
    assertBlobKey(key);
    if (range) checkRange(key, range);
    const result = await this.send(key, () =>
      this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      ),
    );
    const body = result.Body;
    if (!isAsyncIterable(body)) throw new DomainError("STORAGE.UNAVAILABLE", `${this.where()} returned no body for ${key}`);
    if (!range) return this.mapStreamErrors(key, body);
    // Some S3-compatible servers ignore part of a Range (s3rver reads `bytes=0-0` as `bytes=0-`): trim to what was asked.
    const served = parseContentRange(result.ContentRange);
    const skip = served ? range.start - served.start : range.start;
    if (skip < 0) throw new DomainError("STORAGE.UNAVAILABLE", `${this.where()} served range ${result.ContentRange} for ${range.start}-${range.end}`);
    const last = served ? Math.min(range.end, served.size - 1) : range.end;
    return sliceStream(this.mapStreamErrors(key, body), skip, last - range.start + 1);
  }

  async getBytes(key: string): Promise<Uint8Array> {
    assertBlobKey(key);
    return this.send(key, async () => {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
      if (!result.Body) throw new DomainError("STORAGE.UNAVAILABLE", `${this.where()} returned no body for ${key}`);
      return result.Body.transformToByteArray();
    });
  }

  async head(key: string): Promise<BlobHead> {
    assertBlobKey(key);
    const result = await this.send(key, () => this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) })));
    return {
      key,
      size: result.ContentLength ?? 0,
      ...optional("contentType", result.ContentType),
      ...optional("etag", result.ETag),
      ...optional("lastModified", result.LastModified),
    };
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    // S3 answers 204 for a missing key too, which is the port's idempotent delete.
    await this.send(key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) })));
  }

  async *list(prefix: string): AsyncIterable<BlobHead> {
    assertBlobPrefix(prefix);
    let continuationToken: string | undefined;
    do {
      const page = await this.send(prefix, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.config.bucket,
            ...(this.config.keyPrefix || prefix ? { Prefix: this.objectKey(prefix) } : {}),
            ...(continuationToken ? { ContinuationToken: continuationToken } : {}),
          }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key?.startsWith(this.config.keyPrefix)) continue;
        yield { key: object.Key.slice(this.config.keyPrefix.length), size: object.Size ?? 0, ...optional("etag", object.ETag), ...optional("lastModified", object.LastModified) };
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  async signedUrl(key: string, expiresInSeconds: number): Promise<string> {
    assertBlobKey(key);
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_SIGNED_URL_SECONDS) {
      throw new DomainError("VALIDATION.INVALID_INPUT", `signed URL lifetime must be 1..${MAX_SIGNED_URL_SECONDS} seconds, got ${expiresInSeconds}`);
    }
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }), { expiresIn: expiresInSeconds });
  }

  /** Releases the client's sockets. */
  close(): void {
    this.client.destroy();
  }

  private async send<T>(key: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw mapS3Error(error, this.target(key));
    }
  }

  private async *mapStreamErrors(key: string, body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    try {
      yield* body;
    } catch (error) {
      throw mapS3Error(error, this.target(key));
    }
  }

  /** The key in the bucket: the store's keys live under `keyPrefix`. */
  private objectKey(key: string): string {
    return this.config.keyPrefix + key;
  }

  private target(key: string) {
    return { endpoint: this.endpointName, bucket: this.config.bucket, key: this.objectKey(key) };
  }

  private where(): string {
    return `bucket ${this.config.bucket} at ${this.endpointName}`;
  }
}

function checkRange(key: string, { start, end }: ByteRange): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new DomainError("VALIDATION.INVALID_INPUT", `byte range ${start}-${end} of blob ${key} is invalid`, { details: { key, start, end } });
  }
}

/** Passes the body through while counting its bytes and remembering whether the body itself failed. */
function countBytes(body: Iterable<Uint8Array> | AsyncIterable<Uint8Array>) {
  let size = 0;
  let failure: { error: unknown } | undefined;
  async function* stream(): AsyncIterable<Uint8Array> {
    try {
      for await (const chunk of body) {
        size += chunk.byteLength;
        yield chunk;
      }
    } catch (error) {
      failure = { error };
      throw error;
    }
  }
  return { stream: stream(), size: () => size, error: () => failure?.error };
}

function parseContentRange(header: string | undefined): { start: number; size: number } | undefined {
  const match = header && /^bytes (\d+)-\d+\/(\d+)$/.exec(header);
  return match ? { start: Number(match[1]), size: Number(match[2]) } : undefined;
}

/** Drops `skip` bytes, then yields at most `take` bytes and stops reading. */
async function* sliceStream(body: AsyncIterable<Uint8Array>, skip: number, take: number): AsyncIterable<Uint8Array> {
  let toSkip = skip;
  let left = take;
  for await (const chunk of body) {
    let part = chunk;
    if (toSkip > 0) {
      const dropped = Math.min(toSkip, part.byteLength);
      part = part.subarray(dropped);
      toSkip -= dropped;
    }
    if (part.byteLength === 0) continue;
    if (part.byteLength >= left) {
      yield part.subarray(0, left);
      return;
    }
    left -= part.byteLength;
    yield part;
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}
