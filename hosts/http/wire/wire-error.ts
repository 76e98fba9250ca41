import { z } from "zod";
import { ErrorCodes, type DomainErrorJson } from "../../../core/domain/errors.js";

/**
 * Every error body (DESIGN §7): `{error: {code, message, details?}}`, plus `message` repeated at the top level because
 * the Python client reads `error`/`message`/`details` keys and, without a top-level `message`, shows the raw body.
 */
export const WireError = z
  .object({
    error: z.object({
      code: z.enum(ErrorCodes),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
    message: z.string(),
  })
  .meta({ id: "Error" });

export type WireError = z.infer<typeof WireError>;

/** The body for a domain error (its `isRetryable` travels as the status and `Retry-After`, not in the body). */
export function toWireError(error: DomainErrorJson): WireError {
  return {
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
    message: error.message,
  };
}
