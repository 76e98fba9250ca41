import type { Block } from "./block.js";

/** Longer text is a note or a paragraph, not the name of what it stands over. */
const CAPTION_CHARS = 90;

/** A drawing's scale, written beside its heading rather than being one. */
const SCALE = /^[МM]\s*1\s*:\s*\d+$/i;

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
const shortened = (text: string) => (text.length > CAPTION_CHARS ? `${text.slice(0, CAPTION_CHARS - 1).trimEnd()}…` : text);

/**
 * What a block is called on its sheet, as an engineer names it: the heading written just above a table or a drawing
 * ("Спецификация перемычек", "План 2 этажа на отм. +4,950"), else a drawing's description, a table's header cells,
 * or a text block's own first line; the sheet's title block is "Штамп листа". `page` are the blocks of the block's
 * page; without positions there is no heading.
 */
export function blockCaption(block: Block, page: readonly Block[]): string | undefined {
  if (block.kind === "TEXT") {
    const line = oneLine(block.text.split("\n")[0] ?? "");
    return line ? shortened(line) : undefined;
  }
  if (block.meta?.titleBlock === true) return "Штамп листа";
  const heading = headingAbove(block, page);
  if (heading) return heading;
  if (block.kind === "IMAGE") return block.description ? shortened(oneLine(block.description.split(/(?<=[.!?])\s/)[0]!)) : undefined;
  const header = block.text.split("\n")[0] ?? "";
  const cells = header.split("|").map(oneLine).filter(Boolean);
  return cells.length > 0 ? shortened(`Таблица: ${cells.join(", ")}`) : undefined;
}

/**
 * The short one-line text block (not a scale) that ends closest above the block's top edge and overlaps its width,
 * within a few percent of the sheet's height (a heading sits right over what it names; further up it names something else).
 */
function headingAbove(block: Block, page: readonly Block[]): string | undefined {
  const box = block.bboxNorm;
  if (!box) return undefined;
  const [x1, top, x2] = box;
  let best: { gap: number; text: string } | undefined;
  for (const other of page) {
    const b = other.bboxNorm;
    if (other.kind !== "TEXT" || other.id === block.id || !b) continue;
    const text = oneLine(other.text);
    if (!text || text.length > CAPTION_CHARS || other.text.trim().includes("\n") || SCALE.test(text)) continue;
    const gap = top - b[3];
    const overlaps = b[0] < x2 && b[2] > x1;
    if (overlaps && gap >= -0.005 && gap < 0.04 && (!best || gap < best.gap)) best = { gap, text };
  }
  return best?.text;
}
