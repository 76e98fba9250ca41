import { extname } from "node:path";

const byExtension: Record<string, string> = {
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".md": "text/markdown; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/** A filesystem keeps no content type, so the store answers from the key's extension. */
export function contentTypeOfKey(key: string): string | undefined {
  return byExtension[extname(key).toLowerCase()];
}
