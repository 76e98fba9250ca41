import type { Block, BlockKind, BlockSource } from "../../core/domain/block.js";
import type { DocumentRecord, DocumentSourceKind, Page, SheetStamp } from "../../core/domain/document.js";

/** Columns of `documents`, `pages` and `blocks` as both drivers return them. */
export interface DocumentRow {
  id: string;
  owner_id: string;
  name: string;
  source_kind: DocumentSourceKind;
  source_key: string | null;
  source_version: string;
  page_count: number;
  project_path: string[] | null;
  stamp_line: string | null;
  crops: Record<string, string> | null;
  meta: Record<string, unknown> | null;
  created_at: Date;
}

export interface PageRow {
  document_id: string;
  number: number;
  width: number;
  height: number;
  rotation: number;
  needs_ocr: boolean;
  ocr_engine: string | null;
  stamp: SheetStamp | null;
}

export interface BlockRow {
  document_id: string;
  id: string;
  ordinal: number;
  kind: BlockKind;
  page: number;
  x1: number | null;
  y1: number | null;
  x2: number | null;
  y2: number | null;
  text: string;
  description: string | null;
  links: string[];
  source: BlockSource;
  confidence: number | null;
  meta: Record<string, unknown> | null;
}

export const DOCUMENT_COLUMNS =
  "id, owner_id, name, source_kind, source_key, source_version, page_count, project_path, stamp_line, crops, meta, created_at";
export const PAGE_COLUMNS = "document_id, number, width, height, rotation, needs_ocr, ocr_engine, stamp";
export const BLOCK_COLUMNS =
  "document_id, id, ordinal, kind, page, x1, y1, x2, y2, text, description, links, source, confidence, meta";

export function toDocument(row: DocumentRow, pages: PageRow[]): DocumentRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    sourceKind: row.source_kind,
    ...(row.source_key !== null ? { sourceKey: row.source_key } : {}),
    sourceVersion: row.source_version,
    pageCount: row.page_count,
    pages: pages.map(toPage),
    ...(row.project_path !== null ? { projectPath: row.project_path } : {}),
    ...(row.stamp_line !== null ? { stampLine: row.stamp_line } : {}),
    ...(row.crops !== null ? { crops: row.crops } : {}),
    createdAt: row.created_at.toISOString(),
    ...(row.meta !== null ? { meta: row.meta } : {}),
  };
}

function toPage(row: PageRow): Page {
  return {
    number: row.number,
    width: row.width,
    height: row.height,
    rotation: row.rotation,
    needsOcr: row.needs_ocr,
    ...(row.ocr_engine !== null ? { ocrEngine: row.ocr_engine } : {}),
    ...(row.stamp !== null ? { stamp: row.stamp } : {}),
  };
}

export function toBlock(row: BlockRow): Block {
  return {
    id: row.id,
    documentId: row.document_id,
    kind: row.kind,
    page: row.page,
    ...(row.x1 !== null ? { bboxNorm: [row.x1, row.y1!, row.x2!, row.y2!] as const } : {}),
    text: row.text,
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.links.length > 0 ? { links: row.links } : {}),
    source: row.source,
    ...(row.confidence !== null ? { confidence: row.confidence } : {}),
    ordinal: row.ordinal,
    ...(row.meta !== null ? { meta: row.meta } : {}),
  };
}

/** Page record as a JSON object with the column names, for `jsonb_populate_recordset(null::pages, …)`. */
export function pageJson(documentId: string, ownerId: string, page: Page): Record<string, unknown> {
  return {
    document_id: documentId,
    owner_id: ownerId,
    number: page.number,
    width: page.width,
    height: page.height,
    rotation: page.rotation,
    needs_ocr: page.needsOcr,
    ocr_engine: page.ocrEngine ?? null,
    stamp: page.stamp ?? null,
  };
}

/** Block as a JSON object with the column names, for `jsonb_populate_recordset(null::blocks, …)`. */
export function blockJson(documentId: string, ownerId: string, block: Block): Record<string, unknown> {
  const [x1, y1, x2, y2] = block.bboxNorm ?? [null, null, null, null];
  return {
    document_id: documentId,
    owner_id: ownerId,
    id: block.id,
    ordinal: block.ordinal,
    kind: block.kind,
    page: block.page,
    x1,
    y1,
    x2,
    y2,
    text: block.text,
    description: block.description ?? null,
    links: block.links ?? [],
    source: block.source,
    confidence: block.confidence ?? null,
    meta: block.meta ?? null,
  };
}
