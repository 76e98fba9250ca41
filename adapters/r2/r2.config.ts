import { z } from "zod";

/**
 * An S3-compatible bucket: Cloudflare R2 (`endpoint` = `https://<account>.r2.cloudflarestorage.com`,
 * region `auto`), AWS S3 (no endpoint), MinIO or s3rver (`forcePathStyle: true`).
 */
export const R2Config = z.object({
  /** Omit for AWS S3; required for R2, MinIO and other S3-compatible services. */
  endpoint: z.string().url().optional(),
  region: z.string().min(1).default("auto"),
  /** S3 bucket names are 3–63 characters. */
  bucket: z.string().min(3).max(63),
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (MinIO, s3rver, some proxies). */
  forcePathStyle: z.boolean().default(false),
  /** Base of public, unsigned URLs (an R2 custom domain or `r2.dev` URL); enables `publicUrl`. */
  publicBaseUrl: z.string().url().optional(),
  /** Keys of this store live under this folder of the bucket (`aizoomdoc/`), so one bucket can serve several uses. */
  keyPrefix: z
    .string()
    .default("")
    .refine((p) => p === "" || (p.endsWith("/") && !p.startsWith("/") && !p.split("/").slice(0, -1).some((s) => s === "" || s === "." || s === "..")), {
      message: 'keyPrefix must be empty or relative folders ending in "/" (e.g. "aizoomdoc/")',
    }),
  /** Multipart part size; S3 requires at least 5 MiB per part except the last. */
  partSizeBytes: z.number().int().min(5 * 1024 * 1024).default(8 * 1024 * 1024),
  /** Parts uploaded in parallel per object. */
  uploadConcurrency: z.number().int().min(1).max(16).default(4),
  connectTimeoutMs: z.number().int().positive().default(5_000),
  /** Longest wait for a response (per request, not per object). */
  requestTimeoutMs: z.number().int().positive().default(60_000),
  /** Attempts per request, counting the first; the SDK retries 5xx, throttling and network errors. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
});

export type R2Config = z.input<typeof R2Config>;
export type ResolvedR2Config = z.output<typeof R2Config>;
