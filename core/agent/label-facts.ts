import { type DrawingLabel, drawingLabels } from "../domain/drawing-labels.js";
import { GRID_COLUMNS, GRID_ROWS } from "../domain/sector.js";
import type { Candidate } from "./agent-run.js";
import type { Fact } from "./extract.js";
import type { labels as languageLabels } from "./language.js";
import { type QueryTerm, matchingTerms } from "./query-terms.js";

/** Drawings whose labels are read, best-ranked first. */
export const READ_DRAWINGS = 4;
const MAX_LABEL_FACTS = 6;
/** How far from a label its neighbours are looked for, in the label's own heights (a room's number, name and area stack within about three). */
const REACH = 5;

/**
 * Values a question can ask of a drawing's text, by the words that ask for them, and the shape of such a label:
 * an area (`16,41`, `16.41 м²`; a bare `2.01` is a room's number) or a level mark (`+4,950`, `±0,000`, `отм. -0,450`).
 */
const VALUE_KINDS = [
  { asked: /площад|\barea\b/iu, value: /(^|\s)(\d{1,4},\d{1,2}|\d{1,4}[,.]\d{1,2}\s*м[²2])$/u },
  { asked: /отметк|\bотм\b|уров[е]?н|\blevel\b|elevation/iu, value: /[+\-−±]\d{1,3}[,.]\d{3}(?!\d)/u },
] as const;

type Labels = ReturnType<typeof languageLabels>;

/**
 * Key lines from the drawings' own labels, where the value asked for is drawing text: the labels that name what
 * the question names (a room's number, a mark, an axis) with the nearest label holding the asked kind of value
 * (an area, a level) or, when no kind is asked, their nearest neighbours; when nothing is named, the labels of
 * the asked kind in the best-ranked drawings. Each line says where the label sits (the sector of its block's
 * overview, A1–C3, and its page position) so the reader finds it on the evidence image.
 *
 * `aspect` is a page's width over its height, so distances are measured as on the sheet; `labelsOf` gives a
 * drawing's labels (its text layer's by default).
 */
export function labelFacts(
  candidates: readonly Candidate[],
  question: string,
  terms: readonly QueryTerm[],
  aspect: (documentId: string, page: number) => number,
  words: Labels,
  labelsOf: (candidate: Candidate) => DrawingLabel[] = (candidate) => drawingLabels(candidate.block),
): Fact[] {
  const kind = VALUE_KINDS.find((k) => k.asked.test(question));
  const drawings = candidates.filter((c) => c.block.kind === "IMAGE").slice(0, READ_DRAWINGS);
  const found: Array<Fact & { weight: number }> = [];
  const ofKind: Array<Fact & { weight: number }> = [];
  // a code the question names (a room's number, a mark) picks its label; words (`помещения`) only when no code does
  const named = (label: DrawingLabel) => matchingTerms(label.text, terms);
  const codeNamed = drawings.some((c) => labelsOf(c).some((l) => named(l).some((t) => t.isCode)));
  for (const [rank, candidate] of drawings.entries()) {
    const labels = labelsOf(candidate);
    if (labels.length === 0) continue;
    const ratio = aspect(candidate.block.documentId, candidate.block.page);
    const fact = (text: string, weight: number) => ({
      text,
      blockId: candidate.block.id,
      documentId: candidate.block.documentId,
      page: candidate.block.page,
      weight: weight - rank * 0.1,
      ...(candidate.side ? { side: candidate.side } : {}),
    });
    for (const anchor of labels) {
      const matched = named(anchor);
      if (matched.length === 0 || (codeNamed && !matched.some((t) => t.isCode)) || (kind && kind.value.test(anchor.text))) continue;
      const weight = matched.reduce((sum, t) => sum + (t.isCode ? 2 : 1), 0);
      const near = neighbours(anchor, labels, ratio);
      const value = kind ? near.find((l) => kind.value.test(l.text)) : undefined;
      if (kind && !value) continue;
      const others = near.filter((l) => l !== value).slice(0, value ? 2 : 3).map((l) => l.text);
      const said = value ? `${anchor.text} → ${value.text}` : anchor.text;
      found.push(fact(`${words.onDrawing}: ${said}${others.length > 0 ? ` (${words.near}: ${others.join(", ")})` : ""}, ${where(anchor, candidate, words)}`, weight + (value ? 2 : 0)));
    }
    if (kind) for (const label of labels.filter((l) => kind.value.test(l.text))) ofKind.push(fact(`${words.onDrawing}: ${label.text}, ${where(label, candidate, words)}`, 1));
  }
  return (found.length > 0 ? found : ofKind)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_LABEL_FACTS)
    .map(({ weight: _weight, ...fact }) => fact);
}

/** Labels within `REACH` heights of `anchor`, nearest first (distances in page points up to scale: x stretched by the page's aspect). */
function neighbours(anchor: DrawingLabel, labels: readonly DrawingLabel[], aspect: number): DrawingLabel[] {
  const [ax, ay] = centre(anchor);
  const height = anchor.bbox[3] - anchor.bbox[1];
  const distance = (l: DrawingLabel) => {
    const [x, y] = centre(l);
    return Math.hypot((x - ax) * aspect, y - ay);
  };
  return labels
    .filter((l) => l !== anchor && distance(l) <= REACH * height)
    .sort((a, b) => distance(a) - distance(b));
}

const centre = (l: DrawingLabel) => [(l.bbox[0] + l.bbox[2]) / 2, (l.bbox[1] + l.bbox[3]) / 2] as const;

/** `сектор B2 (x 0.412, y 0.337)`: the ninth of the block's overview the label is in, and its centre on the page. */
function where(label: DrawingLabel, candidate: Candidate, words: Labels): string {
  const [x, y] = centre(label);
  const box = candidate.block.bboxNorm;
  const position = `x ${x.toFixed(3)}, y ${y.toFixed(3)}`;
  if (!box) return position;
  const ninth = (v: number, from: number, to: number, parts: number) => Math.min(parts - 1, Math.max(0, Math.floor(((v - from) / Math.max(1e-9, to - from)) * parts)));
  return `${words.sector} ${GRID_COLUMNS[ninth(x, box[0], box[2], GRID_COLUMNS.length)]}${ninth(y, box[1], box[3], GRID_ROWS) + 1} (${position})`;
}
