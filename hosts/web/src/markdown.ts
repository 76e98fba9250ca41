import DOMPurify from "dompurify";
import { marked } from "marked";
import type { Citation } from "./api-types.js";

/** Block ids as the answers write them: `[0C5R-2C3P-OEZ]`. */
const BLOCK_REF = /\[([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3})\]/g;

/**
 * An answer's markdown as safe HTML (GFM tables included): every `[BLOCK-ID]` the answer cites becomes a link
 * numbered as in the citation list, which the answer view opens in the evidence viewer. Model output is untrusted,
 * so the HTML passes DOMPurify; links to elsewhere open in a new tab without a referrer.
 */
export function answerHtml(markdown: string, citations: readonly Citation[]): string {
  const numbers = new Map<string, number>();
  citations.forEach((citation, index) => {
    if (!numbers.has(citation.block_id)) numbers.set(citation.block_id, index + 1);
  });
  const linked = markdown.replace(BLOCK_REF, (whole, blockId: string) => {
    const number = numbers.get(blockId);
    return number === undefined ? whole : `<a href="#citation-${number}" class="citation-link" data-citation="${number - 1}" title="Показать блок ${blockId} на листе">[${number}]</a>`;
  });
  const html = marked.parse(linked, { async: false, gfm: true, breaks: false });
  const clean = DOMPurify.sanitize(html, { ADD_ATTR: ["target"] });
  return clean.replace(/<a href="(https?:[^"]*)"/g, '<a href="$1" target="_blank" rel="noopener noreferrer"');
}
