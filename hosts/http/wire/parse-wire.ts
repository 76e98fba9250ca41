import type { z } from "zod";
import { invalidInput } from "../../../core/domain/errors.js";

export type WirePart = "params" | "query" | "body" | "headers";

/**
 * Parses one part of a request with its wire schema; a mismatch is `VALIDATION.INVALID_INPUT` (a 400) naming the
 * first bad field, with every issue in `details.issues`, so no client mistake reaches a handler (or becomes a 500).
 */
export function parseWire<S extends z.ZodType>(schema: S, value: unknown, part: WirePart): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: [part, ...issue.path.map(String)].join("."), message: issue.message }));
  throw invalidInput(`${issues[0]!.path}: ${issues[0]!.message}`, { issues });
}
