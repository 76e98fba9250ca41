import { z } from "zod";
import type { DocumentRecord } from "../../../core/domain/document.js";
import { WireId, WireTime, wireTime } from "./wire-primitives.js";

/** A page of a document as a viewer needs it: its number, size in PDF points and the sheet it is (from the stamp). */
export const WireDocumentPage = z.object({
  number: z.number().int().positive(),
  width: z.number().nonnegative(),
  height: z.number().nonnegative(),
  sheet: z.string().nullable(),
  title: z.string().nullable(),
});

/** One of the caller's documents (what an upload became): enough to list it, pick it for a question and open its pages. */
export const WireDocument = z
  .object({
    id: WireId,
    name: z.string(),
    source_kind: z.enum(["pdf", "document-md", "ocr-html", "markdown"]),
    page_count: z.number().int().nonnegative(),
    pages: z.array(WireDocumentPage),
    cipher: z.string().nullable(),
    created_at: WireTime,
  })
  .meta({ id: "Document" });

export type WireDocument = z.infer<typeof WireDocument>;

export function toWireDocument(document: DocumentRecord): WireDocument {
  return {
    id: document.id,
    name: document.name,
    source_kind: document.sourceKind,
    page_count: document.pageCount,
    pages: document.pages.map((page) => ({ number: page.number, width: page.width, height: page.height, sheet: page.stamp?.sheet ?? null, title: page.stamp?.title ?? null })),
    cipher: document.pages.find((page) => page.stamp?.cipher)?.stamp?.cipher ?? null,
    created_at: wireTime(document.createdAt),
  };
}

/** A block of a page as a viewer labels it: what the sheet calls it, where it is. */
export const WirePageBlock = z
  .object({
    block_id: z.string(),
    kind: z.enum(["TEXT", "TABLE", "IMAGE"]),
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
    caption: z.string().nullable(),
  })
  .meta({ id: "PageBlock" });

export type WirePageBlock = z.infer<typeof WirePageBlock>;
