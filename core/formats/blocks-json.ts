import { z } from "zod";
import type { Block } from "../domain/block.js";
import type { DocumentRecord, Page, SheetStamp } from "../domain/document.js";
import { withPackedLabelBoxes } from "../domain/drawing-labels.js";
import { isValidBBox } from "../domain/geometry.js";
import { documentMdCarries } from "./document-md.js";
import { blockKindOf, imageDescriptionIn, linksIn, malformed } from "./imported-document.js";

/**
 * The `*_blocks.json` index: `{blocks:[{id, page_index (0-based), block_type, category_code, crop_url}]}` as the
 * existing pipeline writes it (often for IMAGE blocks only). The reference server reads it with `.get("blocks")`
 * and `.get("id")`/`.get("crop_url")` per entry (REFERENCE_BEHAVIOUR §3.10), so it ignores further fields: our
 * export adds, to an entry, only what document.md cannot carry (bbox, source, confidence, meta, exact text), and
 * to the first entry a `document` field with the document and page records document.md does not reproduce, so that
 * export → import is lossless.
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

const DocumentSchema = z.object({
  name: z.string().optional(),
  project_path: z.array(z.string()).optional(),
  stamp_line: z.string().optional(),
  page_count: z.number().int().min(1).optional(),
  pages: z.array(PageSchema).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
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
  /** On the first entry: the document and page records document.md does not reproduce. */
  document: DocumentSchema.optional(),
});

const FileSchema = z.object({ blocks: z.array(EntrySchema) });

export type BlocksJsonEntry = z.infer<typeof EntrySchema>;
export type BlocksJsonDocument = z.infer<typeof DocumentSchema>;
export interface BlocksJson {
  blocks: BlocksJsonEntry[];
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

/** Block meta keys that map onto the original format's own fields, or that the index itself implies. */
export const CATEGORY_META = "categoryCode";
export const CROP_URL_META = "cropUrl";
/** A block of an imported document that its blocks.json did not list (TEXT blocks often are not). */
export const NOT_IN_INDEX_META = "notInIndex";
/** A block that only the imported blocks.json listed, not the document. */
export const ONLY_IN_INDEX_META = "onlyInIndex";

/**
 * Writes the index of a document: an entry per block in order, except blocks the imported index did not list and
 * that need nothing carried; the reference's fields first (`category_code` and `crop_url` null when unknown), then
 * what document.md does not carry. `document` holds the document and page records document.md does not reproduce.
 * Laid out as the reference writes it (two-space indent, no final newline).
 */
export function formatBlocksJson(blocks: readonly Block[], document?: BlocksJsonDocument): string {
  const entries = [...blocks]
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((block) => {
      const { [CATEGORY_META]: category, [CROP_URL_META]: cropUrl, [NOT_IN_INDEX_META]: notInIndex, [ONLY_IN_INDEX_META]: _only, ...meta } = block.meta ?? {};
      const exactText = !documentMdCarries(block.text);
      const derivedLinks = linksIn(block.text);
      const links = block.links ?? [];
      const derivedDescription = block.kind === "IMAGE" ? imageDescriptionIn(block.text) : undefined;
      const extras = {
        ...(block.bboxNorm ? { bbox_norm: [...block.bboxNorm] } : {}),
        ...(block.source !== "import" ? { source: block.source } : {}),
        ...(block.confidence !== undefined ? { confidence: block.confidence } : {}),
        ...(block.description !== derivedDescription ? { description: block.description ?? null } : {}),
        ...(exactText ? { text: block.text } : {}),
        ...(JSON.stringify(links) !== JSON.stringify(derivedLinks) ? { links } : {}),
        // packed (as parsing packs them): two-space JSON would put each box number on a line of its own
        ...(Object.keys(meta).length > 0 ? { meta: sortedKeys(withPackedLabelBoxes(meta)) } : {}),
      };
      if (notInIndex === true && Object.keys(extras).length === 0) return undefined;
      return {
        id: block.id,
        page_index: block.page - 1,
        block_type: block.kind.toLowerCase(),
        category_code: typeof category === "string" ? category : null,
        crop_url: typeof cropUrl === "string" ? cropUrl : null,
        ...extras,
      };
    })
    .filter((entry) => entry !== undefined);
  if (document && entries[0]) Object.assign(entries[0], { document });
  return JSON.stringify({ blocks: entries }, null, 2);
}

/**
 * What blocks.json must add about the document: the fields of `document` that `implied` (the record an import of
 * the exported document.md alone gives) lacks or has otherwise. Undefined when document.md carries everything.
 */
export function documentEntryOf(document: DocumentRecord, implied: DocumentRecord): BlocksJsonDocument | undefined {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const impliedPages = new Map(implied.pages.map((p) => [p.number, pageEntryOf(p)]));
  const pages = document.pages.map(pageEntryOf).filter((p) => !same(p, impliedPages.get(p.number)));
  const meta = Object.fromEntries(Object.entries(document.meta ?? {}).filter(([key, value]) => !same(value, implied.meta?.[key])));
  const entry: BlocksJsonDocument = {
    ...(document.name !== implied.name ? { name: document.name } : {}),
    // empty: no tree path, where the heading would suggest one
    ...(!same(document.projectPath ?? [], implied.projectPath ?? []) ? { project_path: document.projectPath ?? [] } : {}),
    ...(document.stampLine !== undefined && document.stampLine !== implied.stampLine ? { stamp_line: document.stampLine } : {}),
    ...(document.pageCount !== implied.pageCount ? { page_count: document.pageCount } : {}),
    ...(pages.length > 0 ? { pages } : {}),
    ...(Object.keys(meta).length > 0 ? { meta: sortedKeys(meta) } : {}),
  };
  return Object.keys(entry).length > 0 ? entry : undefined;
}

/** A page record as blocks.json writes it, fields in one order (the order the schema reads them back in). */
function pageEntryOf(page: Page): NonNullable<BlocksJsonDocument["pages"]>[number] {
  return {
    number: page.number,
    width: page.width,
    height: page.height,
    rotation: page.rotation,
    needs_ocr: page.needsOcr,
    ...(page.ocrEngine ? { ocr_engine: page.ocrEngine } : {}),
    ...(page.stamp ? { stamp: canonicalStamp(page.stamp) } : {}),
  };
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
