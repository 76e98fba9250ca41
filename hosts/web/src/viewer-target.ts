import type { AnswerView } from "./run-state.js";
import type { Region, ViewerTarget } from "./evidence-viewer.js";

let nonce = 0;

/** What a region is in words, until (or where) the sheet gives its block no caption. */
const KIND_WORDS: Record<string, string> = { text_block: "Текст", image_block: "Чертёж", roi: "Область чертежа", overview: "обзор", quadrant: "четверть листа", roi_image: "увеличенный фрагмент" };

/**
 * What the viewer shows for an answer on one page: every citation of the answer on that page (numbered as in the
 * answer) and every evidence image of it there (И1…), focused on the one the user clicked.
 */
function targetFor(view: AnswerView, documentId: string, page: number, focus: { citation?: number; imageId?: string }): ViewerTarget {
  const regions: Region[] = [];
  let focused: number | undefined;
  view.citations.forEach((citation, index) => {
    if (citation.document_id !== documentId || citation.page !== page || !citation.bbox) return;
    if (focus.citation === index) focused = regions.length;
    regions.push({ label: String(index + 1), kind: "citation", bbox: citation.bbox, blockId: citation.block_id, fallback: KIND_WORDS[citation.kind] ?? "Блок", detail: citation.note ?? "" });
  });
  view.images.forEach((image, index) => {
    if (image.documentId !== documentId || image.page !== page || !image.bbox) return;
    if (focus.imageId === image.imageId) focused = regions.length;
    const kind = KIND_WORDS[image.kind === "roi" ? "roi_image" : image.kind]!;
    regions.push({ label: `И${index + 1}`, kind: "zoom", bbox: image.bbox, ...(image.blockId ? { blockId: image.blockId } : {}), fallback: `Изображение: ${kind}`, detail: `${kind}, ${image.dpi} dpi` });
  });
  return { documentId, page, regions, ...(focused !== undefined ? { focus: focused } : {}), nonce: ++nonce };
}

/** The viewer on a citation's page and region; undefined when the citation names no page (an import without a PDF). */
export function citationTarget(view: AnswerView, index: number): ViewerTarget | undefined {
  const citation = view.citations[index];
  if (!citation?.document_id || !citation.page) return undefined;
  return targetFor(view, citation.document_id, citation.page, { citation: index });
}

export function imageTarget(view: AnswerView, imageId: string): ViewerTarget | undefined {
  const image = view.images.find((i) => i.imageId === imageId);
  return image ? targetFor(view, image.documentId, image.page, { imageId }) : undefined;
}

/** A page on its own (opened from the document list): no outlines. */
export function pageTarget(documentId: string, page: number): ViewerTarget {
  return { documentId, page, regions: [], nonce: ++nonce };
}
