import { z } from "zod";
import type { Block } from "../domain/block.js";
import type { DocumentRecord, Page, SheetStamp } from "../domain/document.js";
import { isValidBBox } from "../domain/geometry.js";
import { documentMdCarries } from "./document-md.js";
import { blockKindOf, imageDescriptionIn, linksIn, malformed } from "./imported-document.js";

/**
 * The `*_blocks.json` index: `{blocks:[{id, page_index (0-based), block_type, category_code, crop_url}]}` as the
 * existing pipeline writes it (often for IMAGE blocks only). Our export adds optional fields for what
 * document.md cannot carry (bbox, source, confidence, meta, exact text) and a `document` section with the page
 * records, so export → import is lossless; readers of the original format ignore them.
 */
const StampSchema = z.object({ cipher: z.string().optional(), sheet: z.string().optional(), title: z.string().optional(), stage: z.string().optional() });

const PageSchema = z.object({
  number: z.number().int().min(1),
  width: z.number().min(0),
  height: z.number().min(0),
  rotation: z.number(),
  needs_ocr: z.boolean(),
  ocr_engine: z.string().optional(),
  stamp: StampSchema.optional(),
});

const EntrySchema = z.object({
  id: z.string(),
  page_index: z.number().int().min(0),
  block_type: z.string(),
  category_code: z.string().nullish(),
  crop_url: z.string().nullish(),
  bbox_norm: z.array(z.number()).optional(),
  source: z.string().regex(/^(import|text-layer|ocr:.+)$/u, "must be import, text-layer or ocr:ENGINE").optional(),
  confidence: z.number().min(0).max(1).optional(),
  /** null: the block has no description although its text suggests one. */
  description: z.string().nullable().optional(),
  text: z.string().optional(),
  links: z.array(z.string()).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

const DocumentSchema = z.object({
  name: z.string().optional(),
  project_path: z.array(z.string()).optional(),
  stamp_line: z.string().optional(),
  page_count: z.number().int().min(1).optional(),
  pages: z.array(PageSchema).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

const FileSchema = z.object({ blocks: z.array(EntrySchema), document: DocumentSchema.optional() });

export type BlocksJsonEntry = z.infer<typeof EntrySchema>;
export type BlocksJsonDocument = z.infer<typeof DocumentSchema>;
export interface BlocksJson {
  blocks: BlocksJsonEntry[];
  document?: BlocksJsonDocument;
}

/** Detects the format from content: a JSON object with a `blocks` array. */
export function looksLikeBlocksJson(text: string): boolean {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{")) return false;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === "object" && value !== null && Array.isArray((value as { blocks?: unknown }).blocks);
  } catch {
    return false;
  }
}

export function parseBlocksJson(text: string, fileName: string): BlocksJson {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw malformed(fileName, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = FileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw malformed(fileName, `${issue.path.join(".") || "top level"}: ${issue.message}`);
  }
  const seen = new Set<string>();
  parsed.data.blocks.forEach((entry, i) => {
    if (seen.has(entry.id)) throw malformed(fileName, `blocks[${i}]: duplicate block id ${entry.id}`);
    seen.add(entry.id);
    if (!blockKindOf(entry.block_type)) throw malformed(fileName, `blocks[${i}] (${entry.id}): unknown block_type "${entry.block_type}"`);
    if (entry.bbox_norm && !isValidBBox(entry.bbox_norm)) throw malformed(fileName, `blocks[${i}] (${entry.id}): bbox_norm ${JSON.stringify(entry.bbox_norm)} is not x1,y1,x2,y2 in 0..1`);
  });
  return parsed.data;
}

/** Block meta keys that map onto the original format's own fields. */
export const CATEGORY_META = "categoryCode";
export const CROP_URL_META = "cropUrl";

/** Writes the index of a document: every block, in order, with what document.md does not carry. */
export function formatBlocksJson(document: DocumentRecord, blocks: readonly Block[], documentMeta?: Record<string, unknown>): string {
  const entries = [...blocks]
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((block) => {
      const { [CATEGORY_META]: category, [CROP_URL_META]: cropUrl, ...meta } = block.meta ?? {};
      const exactText = !documentMdCarries(block.text);
      const derivedLinks = linksIn(block.text);
      const links = block.links ?? [];
      const derivedDescription = block.kind === "IMAGE" ? imageDescriptionIn(block.text) : undefined;
      return {
        id: block.id,
        page_index: block.page - 1,
        block_type: block.kind.toLowerCase(),
        ...(typeof category === "string" ? { category_code: category } : {}),
        ...(typeof cropUrl === "string" ? { crop_url: cropUrl } : {}),
        ...(block.bboxNorm ? { bbox_norm: [...block.bboxNorm] } : {}),
        ...(block.source !== "import" ? { source: block.source } : {}),
        ...(block.confidence !== undefined ? { confidence: block.confidence } : {}),
        ...(block.description !== derivedDescription ? { description: block.description ?? null } : {}),
        ...(exactText ? { text: block.text } : {}),
        ...(JSON.stringify(links) !== JSON.stringify(derivedLinks) ? { links } : {}),
        ...(Object.keys(meta).length > 0 ? { meta: sortedKeys(meta) } : {}),
      };
    });
  const pages = document.pages.map((p: Page) => ({
    number: p.number,
    width: p.width,
    height: p.height,
    rotation: p.rotation,
    needs_ocr: p.needsOcr,
    ...(p.ocrEngine ? { ocr_engine: p.ocrEngine } : {}),
    ...(p.stamp ? { stamp: canonicalStamp(p.stamp) } : {}),
  }));
  const documentSection = {
    name: document.name,
    // always written (empty when absent): the document.md header would otherwise suggest a path on re-import
    project_path: document.projectPath ?? [],
    stamp_line: document.stampLine ?? "",
    page_count: document.pageCount,
    pages,
    ...(documentMeta && Object.keys(documentMeta).length > 0 ? { meta: sortedKeys(documentMeta) } : {}),
  };
  return `${JSON.stringify({ document: documentSection, blocks: entries }, null, 2)}\n`;
}

/** Meta written with sorted keys, so that the same content always exports to the same bytes. */
function sortedKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Stamp fields in one fixed order (the order the schema reads them back in). */
function canonicalStamp(stamp: SheetStamp): SheetStamp {
  const { cipher, sheet, title, stage } = stamp;
  return { ...(cipher !== undefined ? { cipher } : {}), ...(sheet !== undefined ? { sheet } : {}), ...(title !== undefined ? { title } : {}), ...(stage !== undefined ? { stage } : {}) };
}
