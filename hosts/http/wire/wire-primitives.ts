import { z } from "zod";

/**
 * The small value shapes every wire schema is built from. Query parameters arrive as strings (or, repeated, as
 * arrays of strings, the way Koa's `ctx.query` gives them), so their schemas take strings and convert them; the
 * OpenAPI document then shows the string forms a client really sends.
 */

/** An id in a path, body or query: opaque to clients (our ids are UUIDs, the Projects DB's too). */
export const WireId = z.string().min(1).max(200).regex(/^[^\s/\\]+$/, "must not contain spaces or slashes");

/** ISO 8601 date-time with an offset, as Python's `datetime` parses it. */
export const WireTime = z.iso.datetime({ offset: true });

/** A page region in 0..1 of the page: `[x1, y1, x2, y2]`. */
export const WireBBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** `true`/`false` (also `1`/`0`) in a query string, as the Python client sends `all_nodes=true`. */
export const queryBoolean = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

/** A whole number in a query string, within `min..max`. */
export function queryInteger(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** A repeated query parameter (`document_ids=a&document_ids=b`); one occurrence arrives as a plain string. */
export function queryList(item: z.ZodString, max: number) {
  return z
    .union([item, z.array(item)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.string()).max(max));
}

/** A query parameter holding JSON (the reference's `tree_files`, `google_files`); malformed JSON is a 400, not "absent". */
export function queryJson<T extends z.ZodType>(schema: T, maxLength = 100_000) {
  return z
    .string()
    .max(maxLength)
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** `toISOString`'s form: ISO 8601 in UTC with milliseconds. */
const CANONICAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Our timestamps as the wire carries them: ISO 8601 in UTC (stores may hand back `2026-01-01 10:00:00+00`). */
export function wireTime(time: string): string {
  // already the wire's form (what the stores hand back): parsing and printing it again was most of a chat list's mapping
  if (CANONICAL_TIME.test(time)) return time;
  const parsed = new Date(time);
  return Number.isNaN(parsed.getTime()) ? time : parsed.toISOString();
}
