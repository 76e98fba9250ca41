import { z } from "zod";
import { invalidInput } from "./errors.js";

const NewFileSchema = z
  .object({
    sourceType: z.enum(["user_upload", "chat_render", "document_source", "google_file_api", "projects_crop"]),
    storageKey: z.string().min(1).max(1_024).optional(),
    externalUrl: z.string().url().max(4_096).optional(),
    filename: z.string().min(1).max(1_024).optional(),
    mimeType: z.string().min(1).max(100).optional(),
    sizeBytes: z.number().int().min(0).optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits").optional(),
  })
  .strict()
  .refine((f) => f.storageKey !== undefined || f.externalUrl !== undefined, "a file needs a storageKey or an externalUrl");

/** Validates a file record before it is stored (every `FileStore` refuses alike). */
export function parseNewFile<T>(file: T): z.output<typeof NewFileSchema> {
  const parsed = NewFileSchema.safeParse(file);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw invalidInput(`file record: ${issue.path.join(".") || "(value)"}: ${issue.message}`);
}

/** Checks a list limit (1..max), returning the default when it is absent. */
export function listLimit(limit: number | undefined, max: number, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw invalidInput(`list limit must be 1..${max}, got ${limit}`);
  return limit;
}
