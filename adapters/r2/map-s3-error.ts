import { DomainError, notFound } from "../../core/domain/errors.js";

/** Network-level failures: the endpoint is down, unreachable, or too slow. */
const unreachableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
const unreachableNames = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "AbortError"]);
const rejectedCredentials = new Set(["AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "Forbidden"]);

interface S3ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** Where a request went, for messages that let an operator find the misconfiguration. */
export interface S3Target {
  endpoint: string;
  bucket: string;
  key?: string;
}

/** Translates an AWS SDK failure into the port's error family at the adapter's edge. */
export function mapS3Error(error: unknown, target: S3Target): unknown {
  if (DomainError.isInstance(error) || typeof error !== "object" || error === null) return error;
  const e = error as S3ErrorShape;
  const status = e.$metadata?.httpStatusCode;
  const where = `bucket ${target.bucket} at ${target.endpoint}`;
  const details = { endpoint: target.endpoint, bucket: target.bucket, ...(target.key ? { key: target.key } : {}) };
  if (e.name === "NoSuchBucket") {
    return new DomainError("STORAGE.UNAVAILABLE", `${where} does not exist`, { cause: error, details });
  }
  if (e.name === "NoSuchKey" || e.name === "NotFound" || status === 404) {
    return notFound("STORAGE.NOT_FOUND", `blob ${target.key ?? "?"} in ${where}`);
  }
  if (e.name === "InvalidRange" || status === 416) {
    return new DomainError("VALIDATION.INVALID_INPUT", `byte range is outside blob ${target.key ?? "?"}`, { cause: error, details });
  }
  if ((e.name && rejectedCredentials.has(e.name)) || status === 403) {
    return new DomainError("STORAGE.UNAVAILABLE", `${where} refused the credentials (${e.name ?? status})`, { cause: error, details });
  }
  const networkCode = networkCodeOf(error);
  if (networkCode || (e.name && unreachableNames.has(e.name))) {
    return new DomainError("STORAGE.UNAVAILABLE", `${where} is unreachable (${networkCode ?? e.name})`, { cause: error, details, retryable: true });
  }
  if (status !== undefined && status >= 500) {
    return new DomainError("STORAGE.UNAVAILABLE", `${where} failed with HTTP ${status} (${e.name ?? "server error"})`, {
      cause: error,
      details,
      retryable: true,
    });
  }
  return new DomainError("STORAGE.UNAVAILABLE", `${where} failed: ${e.name ?? "error"}: ${e.message ?? String(error)}`, { cause: error, details });
}

/** Node puts the socket error code on the error or on a cause a few levels down (AggregateError for happy eyeballs). */
function networkCodeOf(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && unreachableCodes.has(code)) return code;
  const nested = (error as { errors?: unknown[] }).errors;
  for (const inner of Array.isArray(nested) ? nested : []) {
    const found = networkCodeOf(inner, depth + 1);
    if (found) return found;
  }
  return networkCodeOf((error as { cause?: unknown }).cause, depth + 1);
}
