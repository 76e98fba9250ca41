import type { Block } from "../domain/block.js";
import type { Page } from "../domain/document.js";
import { DomainError } from "../domain/errors.js";
import { type BBoxNorm, FULL_PAGE, centredIn } from "../domain/geometry.js";
import type { PageRenderer } from "../ports/page-renderer.js";
import type { RecognitionInput, RecognitionResult, TextRecognizer } from "../ports/text-recognizer.js";
import { eraseGraphics } from "./graphics-filter.js";
import { unexplainedInk } from "./ink-survey.js";
import { type LayoutBlock, layoutWords } from "./layout.js";
import type { OcrSettings } from "./ocr-settings.js";
import { cyrillicWordsKept, readInCyrillic } from "./cyrillic-reading.js";
import { capitalLoneLetter, cyrillicTwins, doubtfulCode, mergeSeams, mostlyCyrillic, type PageWord, placeWords, READABLE, repairCodes, smallCode, strokeAsOne } from "./page-words.js";
import { findRulings, joinRulings, type Ruling } from "./rulings.js";
import { chooseCandidates, overlaps, readCluster, type SmallTextCandidate, type SmallTextPlan } from "./small-text-pass.js";
import { textLayerBoxes, withoutTextLayer } from "./text-layer-overlap.js";
import { planTiles } from "./tiling.js";
import { type PixelBox, unreadClusters } from "./unread-clusters.js";

export interface PageReaderDeps {
  renderer: PageRenderer;
  recognizer: TextRecognizer;
  settings: OcrSettings;
}

export interface PageReading {
  blocks: LayoutBlock[];
  /** Tiles the page was cut into, and how many of them held ink worth reading. */
  tiles: number;
  tilesRead: number;
  wordsSeen: number;
  wordsKept: number;
  /**
   * Places read again at a higher DPI (unread small clusters, doubtful and tiny codes), and how many gave a confident
   * word (for a code: a reading that replaced the first).
   */
  smallTextRead: number;
  smallTextFound: number;
}

/** The survey only needs to see where ink is; a few megapixels is plenty even for A0. */
const SURVEY_MAX_PIXELS = 4_000_000;
/** A ruling is at least this long (inches): longer than any word's strokes. */
const MIN_RULING_INCHES = 0.4;
/** A tile with less glyph-like ink than this (pixels) holds no text: it is not sent to the recognizer. */
const MIN_GLYPH_INK = 30;

/**
 * Read one page by OCR: a quick grey survey finds the tiles whose ink the text layer does not explain; those
 * tiles are rendered at OCR resolution, cleared of drawing strokes (rulings are noted first, for tables) and,
 * where glyph-like ink is left, recognised (a few at a time); their words are placed on the page,
 * seams de-duplicated, words the text layer already has dropped, and the rest laid out as TEXT and TABLE blocks.
 * Small glyph clusters no confident word explains (axis letters, level marks, 5-pt labels, which layout analysis
 * drops or misreads at 300 DPI) get a second look: each alone, at a DPI that makes it legible, up to a cap per page.
 * So do the first pass's codes in 5-pt text, and on a Russian sheet its short codes read with Latin letters no
 * Cyrillic twin explains (`On-1`); their second reading replaces the first when it is better.
 * Throws `OCR.FAILED` for a page that is only noise (nothing read with confidence).
 */
export async function readPage(
  deps: PageReaderDeps,
  source: { pdf: Uint8Array; sourceVersion: string },
  page: Page,
  textLayer: readonly Block[],
  signal?: AbortSignal,
): Promise<PageReading> {
  const { renderer, recognizer, settings } = deps;
  if (!renderer.renderGray) throw new DomainError("OCR.UNAVAILABLE", "the page renderer cannot produce grey pixels for OCR");
  const renderGray = renderer.renderGray.bind(renderer);
  const survey = await renderGray(source.pdf, source.sourceVersion, { page: page.number, region: FULL_PAGE, dpi: settings.surveyDpi, maxPixels: SURVEY_MAX_PIXELS });
  const tiles = planTiles({
    pageWidth: page.width,
    pageHeight: page.height,
    dpi: settings.dpi,
    tilePixels: settings.tilePixels,
    overlapPixels: settings.overlapPixels,
    maxTilePixels: settings.maxTilePixels,
  });
  const inky = unexplainedInk(survey, tiles.map((t) => t.region), textLayerBoxes(textLayer));
  const todo = tiles.map((tile, index) => ({ tile, index })).filter((_, i) => inky[i]);

  const words: PageWord[] = [];
  const rulings: Ruling[] = [];
  const small: SmallTextCandidate[] = [];
  let next = 0;
  let tilesRead = 0;
  const worker = async () => {
    while (next < todo.length) {
      if (signal?.aborted) throw new DomainError("OPERATION.CANCELLED", "OCR was cancelled");
      const { tile, index } = todo[next++]!;
      const image = await renderGray(source.pdf, source.sourceVersion, { page: page.number, region: tile.region, dpi: settings.dpi, maxPixels: settings.maxTilePixels });
      rulings.push(...findRulings(image.pixels, image.width, image.height, tile.region, image.dpi * MIN_RULING_INCHES));
      const glyphs = eraseGraphics(image.pixels, image.width, image.height, image.dpi);
      if (glyphs.inkLeft < MIN_GLYPH_INK) continue;
      tilesRead++;
      const read = (pixels: Uint8Array, layout: "auto" | "sparse") =>
        recognizer.recognize({ image: pixels, raw: { width: image.width, height: image.height }, dpi: image.dpi, languages: settings.languages, layout, ...(signal ? { signal } : {}) });
      const result = await read(glyphs.pixels, settings.layout);
      words.push(...placeWords(result, tile.region, index));
      // layout analysis drops isolated short text (axis digits, marks, table numbers): read what it left in sparse mode
      const rest = withoutRead(glyphs.pixels, image.width, result);
      const sparse = settings.layout === "auto" && rest.inkLeft >= MIN_GLYPH_INK ? await read(rest.pixels, "sparse") : undefined;
      if (sparse) words.push(...placeWords(sparse, tile.region, index));
      if (settings.smallTextPerPage > 0) small.push(...smallClusters(glyphs.pixels, image, tile.region, [result, sparse], settings.minWordConfidence));
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, todo.length) }, worker));

  const plan: SmallTextPlan = { pageWidth: page.width, pageHeight: page.height, dpi: settings.dpi, maxDpi: settings.smallTextDpi, perPage: settings.smallTextPerPage };
  const well = (read: readonly PageWord[]) => read.filter((w) => w.confidence >= settings.minWordConfidence && READABLE.test(w.text));
  const firstConfident = well(words);
  const wordCap = Math.floor(plan.perPage / 2);
  const russianSheet = mostlyCyrillic(firstConfident.map((w) => w.text));
  const doubtful = russianSheet ? wordsWorthRereading(firstConfident, (w) => doubtfulCode(w.text), [], wordCap) : [];
  const tinyCode = (w: PageWord) => (w.bbox[3] - w.bbox[1]) * plan.pageHeight < TINY_POINTS && smallCode(w.text);
  const tiny = wordsWorthRereading(firstConfident, tinyCode, doubtful, wordCap - doubtful.length);
  const looks: SecondLook[] = [
    ...doubtful.map((word) => ({ candidate: wordCandidate(word, plan), replaces: word, script: "cyrillic" as const })),
    ...tiny.map((word) => ({ candidate: wordCandidate(word, plan), replaces: word })),
    ...chooseCandidates(small, firstConfident, plan.perPage - doubtful.length - tiny.length).map((candidate) => ({ candidate })),
  ];
  const replaced: BBoxNorm[] = [];
  let smallTextFound = 0;
  next = 0;
  const secondWorker = async () => {
    while (next < looks.length) {
      if (signal?.aborted) throw new DomainError("OPERATION.CANCELLED", "OCR was cancelled");
      const at = next++;
      const look = looks[at]!;
      const render = (region: BBoxNorm, dpi: number) => renderGray(source.pdf, source.sourceVersion, { page: page.number, region, dpi, maxPixels: settings.maxTilePixels });
      // a tile number of its own per cluster: seam merging then never takes two clusters' words for copies
      const readAs = (script?: SecondLook["script"]) =>
        readCluster({ render, recognizer, languages: settings.languages, ...(script ? { script } : {}), ...(signal ? { signal } : {}) }, look.candidate, plan, tiles.length + at);
      let read = await readAs(look.script);
      let readWell = look.script === "cyrillic" && look.replaces ? cyrillicWordsKept(read, [look.replaces], settings.minWordConfidence) : well(read);
      const latin = russianSheet && !look.script ? readWell.filter((w) => doubtfulCode(w.text)) : [];
      if (latin.length) {
        // read on its own, a small mark still came out in Latin (`Al` for `Д1`): once more, in Cyrillic letters only
        const cyrillic = await readAs("cyrillic");
        const cyrillicWell = cyrillicWordsKept(cyrillic, latin, settings.minWordConfidence);
        if (readInCyrillic(cyrillicWell)) {
          read = cyrillicWell;
          readWell = cyrillicWell;
        }
      }
      // read alone, a lone small letter is an axis letter or a mark's, which drawings write in capitals, and a lone
      // stroke is a one
      const asDrawn = (found: PageWord[]) =>
        russianSheet ? found.map((w) => ({ ...w, text: capitalLoneLetter(found.length === 1 ? strokeAsOne(w, page.width, page.height) : w.text) })) : found;
      if (!look.replaces) {
        if (readWell.length) smallTextFound++;
        words.push(...asDrawn(read));
      } else if (corrects(readWell, look.replaces, look.script)) {
        smallTextFound++;
        replaced.push(look.replaces.bbox);
        words.push(...asDrawn(readWell));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, looks.length) }, secondWorker));
  if (replaced.length) {
    // the word itself and its copies from overlapping tiles: first-pass words centred in a replaced word's box
    const corrected = (w: PageWord) => w.tile < tiles.length && replaced.some((b) => centredIn(w.bbox, b));
    for (let i = words.length - 1; i >= 0; i--) if (corrected(words[i]!)) words.splice(i, 1);
  }

  const confident = well(words);
  if (words.length >= 3 && confident.length < Math.max(1, 0.05 * words.length)) {
    throw new DomainError("OCR.FAILED", `page ${page.number} looks like noise: ${confident.length} of ${words.length} words read with confidence`);
  }
  const russian = mostlyCyrillic(confident.map((w) => w.text));
  const kept = withoutTextLayer(mergeSeams(confident), textLayer).map((w) => ({ ...w, text: repairCodes(russian ? cyrillicTwins(w.text) : w.text) }));
  const tolerance = 3 / Math.max(page.width, page.height);
  const blocks = layoutWords(kept, joinRulings(rulings, tolerance), page);
  return { blocks, tiles: tiles.length, tilesRead, wordsSeen: words.length, wordsKept: kept.length, smallTextRead: looks.length, smallTextFound };
}

/** A place read again on its own; `replaces` is the first-pass word it may correct, read with `script`'s letters only. */
interface SecondLook {
  candidate: SmallTextCandidate;
  replaces?: PageWord;
  script?: RecognitionInput["script"];
}

/**
 * Whether a word's second reading replaces the tile's: a doubtful code's when it came out in Cyrillic (read with
 * Cyrillic letters only: with English beside it, the engine claims a lone `Д1` as `Al` again), a tiny code's when
 * the engine is surer of every word of it.
 */
function corrects(read: readonly PageWord[], original: PageWord, script: SecondLook["script"]): boolean {
  if (read.length === 0) return false;
  if (script === "cyrillic") return readInCyrillic(read);
  return Math.min(...read.map((w) => w.confidence)) > original.confidence;
}

/**
 * Text this small (its word box, in points) is read again: a 5-pt label's box is about 3.5 pt tall, a 7-pt one's 5,
 * and at 300 DPI the tiles misread 5-pt codes (`082.3` for `ОВ2.3`, `30-2` for `ЭО-2`) with confidence.
 */
const TINY_POINTS = 4.2;

/** The first pass's words `worth` a second look, one per place (overlapping tiles read a word twice), none where `taken` already looks, at most `cap`. */
function wordsWorthRereading(confident: readonly PageWord[], worth: (word: PageWord) => boolean, taken: readonly PageWord[], cap: number): PageWord[] {
  const chosen: PageWord[] = [];
  for (const word of confident) {
    if (chosen.length >= cap) break;
    if (worth(word) && ![...taken, ...chosen].some((c) => overlaps(c.bbox, word.bbox))) chosen.push(word);
  }
  return chosen;
}

/**
 * A first-pass word as a cluster to read again, and its height in pixels at the first pass's DPI. The box grows by
 * a quarter of its height: the engine's box of a misread word can miss the strokes it did not recognise (the
 * feet of a `Д` read as `A`).
 */
function wordCandidate(word: PageWord, plan: SmallTextPlan): SmallTextCandidate {
  const [x0, y0, x1, y1] = word.bbox;
  const grow = (y1 - y0) / 4;
  const growX = (grow * plan.pageHeight) / plan.pageWidth;
  const bbox: BBoxNorm = [Math.max(0, x0 - growX), Math.max(0, y0 - grow), Math.min(1, x1 + growX), Math.min(1, y1 + grow)];
  return { bbox, heightPixels: ((y1 - y0) * plan.pageHeight * plan.dpi) / 72, ink: 0 };
}

/** The tile's small glyph clusters that neither reading of it explains with a confident word, on the page. */
function smallClusters(
  glyphs: Uint8Array,
  image: { width: number; height: number; dpi: number },
  region: BBoxNorm,
  results: ReadonlyArray<RecognitionResult | undefined>,
  minConfidence: number,
): SmallTextCandidate[] {
  const read: PixelBox[] = results.flatMap((r) => r?.lines.flatMap((l) => l.words).filter((w) => w.confidence >= minConfidence && READABLE.test(w.text)).map((w) => w.bbox) ?? []);
  const sx = (region[2] - region[0]) / image.width;
  const sy = (region[3] - region[1]) / image.height;
  return unreadClusters(glyphs, image.width, image.height, image.dpi, read).map(({ box, ink }) => ({
    bbox: [region[0] + box[0] * sx, region[1] + box[1] * sy, region[0] + box[2] * sx, region[1] + box[3] * sy],
    heightPixels: box[3] - box[1],
    ink,
  }));
}

/** The tile with the words already read (with a small margin) painted white, and the glyph ink left over. */
function withoutRead(pixels: Uint8Array, width: number, result: RecognitionResult): { pixels: Uint8Array; inkLeft: number } {
  const out = new Uint8Array(pixels);
  const height = pixels.length / width;
  for (const word of result.lines.flatMap((l) => l.words)) {
    const [x0, y0, x1, y1] = [Math.max(0, word.bbox[0] - 3), Math.max(0, word.bbox[1] - 3), Math.min(width, word.bbox[2] + 3), Math.min(height, word.bbox[3] + 3)];
    for (let y = y0; y < y1; y++) out.fill(255, y * width + x0, y * width + x1);
  }
  let inkLeft = 0;
  for (const v of out) if (v < 140) inkLeft++;
  return { pixels: out, inkLeft };
}
