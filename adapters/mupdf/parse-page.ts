// before "mupdf": it configures MuPDF's WASM as it loads
import "./mupdf-wasm.js";
import * as mupdf from "mupdf";
import { columnTableMarkdown, findColumnTables } from "../../core/domain/column-table.js";
import { LABEL_BOXES_META, packLabelBoxes } from "../../core/domain/drawing-labels.js";
import type { BBoxNorm } from "../../core/domain/geometry.js";
import type { Page, SheetStamp } from "../../core/domain/document.js";
import type { BlockDraft, ParsedPage } from "../../core/ports/document-parser.js";
import {
  type Rect,
  type TextLine,
  area,
  centerInside,
  findDrawingRegions,
  findRuledGrids,
  groupParagraphs,
  tableCandidates,
} from "./page-layout.js";
import { readRuledTable } from "./ruled-table.js";
import { type TableCell, tableMarkdown } from "./stext-json.js";
import { walkStructuredText } from "./stext-walk.js";
import { textWithoutPaths } from "./text-without-paths.js";
import { isTitleBlockRegion, recognizeStamp, recognizeStampFromLines } from "./title-block.js";
import { assessTextLayer } from "./text-layer-coverage.js";

/**
 * Text, images and vector boxes in one pass over the page's content, read with `walk()` (~3× cheaper than
 * printing and parsing the JSON). One pass straight from the content costs less than building a display list and
 * replaying it twice (text alone, then vectors: 74 against 122 ms a heavy A1 sheet); a vector drawn between two
 * text runs ends MuPDF's text block there, which moves 7–8 of ~400 block boundaries on a floor plan, all among
 * the plan's own labels (measured on the generated sets).
 */
const CONTENT_OPTIONS = "vectors,preserve-whitespace,preserve-images";

/** MuPDF splits a line where the glyphs stop; lines closer than this many line heights are one cell. */
const CELL_JOIN = 0.2;

interface Table {
  bbox: Rect;
  rows: TableCell[][];
}

/**
 * One page of an opened PDF as pages and block drafts (run in-thread or by a parse worker). Its content streams
 * may inflate to `maxStreamBytes` (MupdfConfig's cap): past it the page is refused as a decompression bomb.
 */
export function parsePage(document: mupdf.PDFDocument, index: number, maxStreamBytes: number): Omit<ParsedPage, "pageCount"> {
  const page = document.loadPage(index);
  try {
    const [x0, y0, x1, y1] = page.getBounds();
    const width = x1 - x0;
    const height = y1 - y0;
    const shift = (r: Rect): Rect => [r[0] - x0, r[1] - y0, r[2] - x0, r[3] - y0];
    const rotate = page.getObject().getInheritable("Rotate");
    const rotation = (((rotate.isNumber() ? rotate.asNumber() : 0) % 360) + 360) % 360;

    // a CAD sheet's paths read by our scan, its text by MuPDF from what is left (text-without-paths.ts)
    const withoutPaths = textWithoutPaths(document, page, CONTENT_OPTIONS, [x0, y0], maxStreamBytes);
    const text = withoutPaths?.text ?? page.toStructuredText(CONTENT_OPTIONS);
    let content: ReturnType<typeof walkStructuredText>;
    try {
      content = walkStructuredText(text, [x0, y0], { vectors: !withoutPaths });
    } finally {
      text.destroy();
    }
    const vectors = withoutPaths?.vectors ?? content.vectors;
    const lines = content.lines.map((l) => ({ ...l, bbox: shift(l.bbox) }));
    const images = content.images.map(shift);

    const grids = tableCandidates(findRuledGrids(vectors, width, height), vectors, lines);
    const tables: Table[] = [];
    let stamp: SheetStamp | undefined;
    for (const grid of grids) {
      const cells = lines.flatMap((line, i) => {
        if (!centerInside(line.bbox, grid.bbox)) return [];
        const { chars, centers } = content.glyphs[i]!;
        return [{ line, glyphs: { chars, centers: centers.map((x) => x - x0) } }];
      });
      const rows = readRuledTable(grid, cells);
      const titleBlock = isTitleBlockRegion(grid.bbox, width, height);
      if (rows) {
        tables.push({ bbox: grid.bbox, rows });
        if (titleBlock) stamp ??= recognizeStamp(rows);
      } else if (titleBlock) stamp ??= recognizeStampFromLines(cells.map((c) => c.line));
    }
    stamp ??= recognizeStampFromLines(lines.filter((l) => isTitleBlockRegion(l.bbox, width, height)));

    const drawings = findDrawingRegions(vectors, images, tables.map((t) => t.bbox), width, height);
    const norm = (r: Rect): BBoxNorm => normalize(r, width, height);
    const drafts: Array<BlockDraft & { top: number; left: number }> = [];
    const loose: TextLine[] = [];
    const inDrawing = drawings.map(() => [] as TextLine[]);
    for (const line of lines) {
      if (tables.some((t) => centerInside(line.bbox, t.bbox))) continue;
      const d = drawings.findIndex((r) => centerInside(line.bbox, r));
      if (d >= 0) inDrawing[d]!.push(line);
      else loose.push(line);
    }
    for (const table of tables) {
      const titleBlock = isTitleBlockRegion(table.bbox, width, height);
      drafts.push({
        kind: "TABLE",
        bboxNorm: norm(table.bbox),
        text: tableMarkdown(table.rows),
        source: "text-layer",
        anchor: `table@${anchorOf(norm(table.bbox))}`,
        meta: {
          rows: table.rows.length,
          columns: Math.max(...table.rows.map((r) => r.length)),
          ...(titleBlock ? { titleBlock: true } : {}),
          ...textSizeMeta(lines.filter((l) => centerInside(l.bbox, table.bbox))),
        },
        top: table.bbox[1],
        left: table.bbox[0],
      });
    }
    drawings.forEach((region, d) => {
      const inside = inDrawing[d]!.sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
      const raster = images.some((i) => centerInside(i, region) && area(i) >= 0.5 * area(region));
      drafts.push({
        kind: "IMAGE",
        bboxNorm: norm(region),
        text: inside.map((l) => l.text).join("\n"),
        source: "text-layer",
        anchor: `image@${anchorOf(norm(region))}`,
        meta: { raster, ...textSizeMeta(inside), ...(inside.length > 0 ? { [LABEL_BOXES_META]: packLabelBoxes(inside.map((l) => norm(l.bbox))) } : {}) },
        top: region[1],
        left: region[0],
      });
    });
    // schedules and legends laid out in columns without rules: each row one markdown row, not a block per cell
    const aligned = findColumnTables(
      loose.map((line) => ({ box: line.bbox, text: line.text, line })),
      { cellJoin: CELL_JOIN },
    );
    for (const table of aligned.tables) {
      drafts.push({
        kind: "TABLE",
        bboxNorm: norm(table.box),
        text: columnTableMarkdown(table.rows),
        source: "text-layer",
        anchor: `table@${anchorOf(norm(table.box))}`,
        meta: { rows: table.rows.length, columns: table.rows[0]!.length, ruled: false, ...textSizeMeta(table.pieces.map((piece) => piece.line)) },
        top: table.box[1],
        left: table.box[0],
      });
    }
    for (const paragraph of groupParagraphs(aligned.rest.map((piece) => piece.line))) {
      const box = paragraph.map((l) => l.bbox).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
      drafts.push({
        kind: "TEXT",
        bboxNorm: norm(box),
        text: paragraph.map((l) => l.text).join("\n"),
        source: "text-layer",
        meta: textSizeMeta(paragraph),
        top: box[1],
        left: box[0],
      });
    }
    drafts.sort((a, b) => a.top - b.top || a.left - b.left);

    const assessment = assessTextLayer({
      pageArea: width * height,
      textChars: lines.reduce((n, l) => n + l.text.replace(/\s/g, "").length, 0),
      vectorPaths: vectors.count,
      imageArea: images.reduce((sum, i) => sum + area(i), 0),
    });
    const record: Page = { number: index + 1, width, height, rotation, needsOcr: assessment.needsOcr, ...(stamp ? { stamp } : {}) };
    return { page: record, blocks: drafts.map(({ top: _top, left: _left, ...draft }) => draft) };
  } finally {
    page.destroy();
  }
}

/**
 * `textSize`: the smallest font size among a block's lines, in points, so an evidence image of the block can be
 * rendered at a DPI where that text is legible. Sizes are whole points as MuPDF prints them (truncated, which errs
 * towards a higher DPI); a glyph reported below one point counts as one.
 */
function textSizeMeta(lines: readonly TextLine[]): { textSize?: number } {
  return lines.length > 0 ? { textSize: Math.max(1, Math.min(...lines.map((l) => l.size))) } : {};
}

function normalize(r: Rect, width: number, height: number): BBoxNorm {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const round = (v: number) => Math.round(v * 10_000) / 10_000;
  return [round(clamp(r[0] / width)), round(clamp(r[1] / height)), round(clamp(r[2] / width)), round(clamp(r[3] / height))];
}

const anchorOf = (b: BBoxNorm) => b.map((v) => v.toFixed(3)).join(",");
