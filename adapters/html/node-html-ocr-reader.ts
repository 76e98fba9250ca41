import { HTMLElement, parse, type Node } from "node-html-parser";
import { BLOCK_ID } from "../../core/domain/block.js";
import type { SheetStamp } from "../../core/domain/document.js";
import {
  blockKindOf,
  imageDescriptionIn,
  linksIn,
  malformed,
  splitTreePath,
  stampFromLine,
  type ImportedBlock,
  type ImportedDocument,
  type ImportedPage,
} from "../../core/formats/imported-document.js";
import type { OcrHtmlReader } from "../../core/ports/ocr-html-reader.js";
import { htmlToMarkdown } from "./html-to-markdown.js";

/** `Блок #3 (стр. 8) | Тип: image`, older exports add `| ID: XXXX-XXXX-XXX`. */
const HEADER = /Блок\s*#\s*(\d+)\s*\(\s*стр\.?\s*(\d+)\s*\)\s*(?:\|\s*Тип:\s*([\p{L}]+))?(?:\s*\|\s*ID:\s*(\S+))?/u;
const CROP_LINK = /\.(pdf|png|jpe?g|webp)(\?.*)?$/iu;
const CROP_KEYS = new Set(["crop_url", "cropUrl", "crop_url_pdf", "cropUrlPdf"]);

/** Reads `*_ocr.html` exports with node-html-parser (see the port for the contract). */
export class NodeHtmlOcrReader implements OcrHtmlReader {
  read(html: string, fileName: string): ImportedDocument {
    const root = parse(html, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
    const elements = root.querySelectorAll("div.block");
    if (elements.length === 0) throw malformed(fileName, "no div.block elements found (not an OCR html export)");

    const seen = new Map<string, number>();
    const pages = new Map<number, ImportedPage & { inherited?: boolean }>();
    let stampLine: string | undefined;
    const blocks = elements.map((element, index): ImportedBlock => {
      const where = `block ${index + 1}`;
      const headerText = element.querySelector(".block-header")?.text.replace(/\s+/g, " ").trim() ?? "";
      const header = headerText.match(HEADER);
      if (!header) throw malformed(fileName, `${where}: header "${headerText.slice(0, 80)}" is not "Блок #n (стр. p) | Тип: t"`);
      const [, number, pageText, typeName, headerId] = header;
      const page = Number(pageText);
      if (!Number.isSafeInteger(page) || page < 1) throw malformed(fileName, `${where}: page ${pageText} is not a positive integer`);
      const typeClass = element.classList.value.find((c) => c.startsWith("block-type-"))?.slice("block-type-".length);
      const kind = blockKindOf(typeClass ?? typeName ?? "");
      if (!kind) throw malformed(fileName, `${where}: unknown block type "${typeClass ?? typeName ?? ""}"`);

      const content = element.querySelector(".block-content") ?? element;
      const meta: Record<string, unknown> = { number: Number(number) };
      const kept: Node[] = [];
      let id = headerId;
      const links: string[] = [];
      let stamp: { text: string; fields?: SheetStamp; inherited: boolean } | undefined;
      for (const node of content.childNodes) {
        if (!(node instanceof HTMLElement)) {
          kept.push(node);
          continue;
        }
        const text = node.text.replace(/\s+/g, " ").trim();
        const explicitId = text.match(/^BLOCK:\s*(\S+)$/u);
        if (explicitId) {
          id = explicitId[1];
          continue;
        }
        const created = text.match(/^Created:\s*(.+)$/u);
        if (created && node.tagName === "P") {
          meta.created = created[1];
          continue;
        }
        const linked = text.match(/^Linked blocks?:\s*(.+)$/iu);
        if (linked) {
          links.push(...(linked[1]!.match(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3}/g) ?? []));
          continue;
        }
        if (node.classList.contains("stamp-info")) {
          const line = htmlToMarkdown([node]).replace(/\s*\n\s*/g, " ");
          stamp = { text: line, fields: stampFromLine(line), inherited: node.classList.contains("stamp-inherited") };
          continue;
        }
        const cropUrl = cropUrlIn(node);
        if (cropUrl && meta.cropUrl === undefined) {
          meta.cropUrl = cropUrl;
          // the paragraph that only holds the crop link carries no content of its own
          if (node.tagName === "P" && node.querySelectorAll("a").length === 1 && node.childNodes.length === 1) continue;
        }
        kept.push(node);
      }
      if (id !== undefined && !BLOCK_ID.test(id)) throw malformed(fileName, `${where}: block id "${id}" is not of the form XXXX-XXXX-XXX`);
      if (id !== undefined) {
        const first = seen.get(id);
        if (first !== undefined) throw malformed(fileName, `${where}: duplicate block id ${id} (first in block ${first})`);
        seen.set(id, index + 1);
      }
      if (stamp?.inherited) meta.stampInherited = true;
      stampLine ??= stamp?.text;
      const known = pages.get(page);
      if (!known || (known.inherited && stamp && !stamp.inherited)) {
        pages.set(page, { number: page, ...(stamp?.fields ? { stamp: stamp.fields } : {}), inherited: stamp?.inherited ?? true });
      }

      const body = htmlToMarkdown(kept);
      const text = links.length > 0 ? [`**Linked block:** ${links.map((l) => `→${l}`).join(", ")}`, body].filter(Boolean).join("\n\n") : body;
      const description = kind === "IMAGE" ? imageDescriptionIn(text) : undefined;
      const allLinks = linksIn(text);
      return {
        ...(id !== undefined ? { id } : {}),
        kind,
        page,
        text,
        ...(allLinks.length > 0 ? { links: allLinks } : {}),
        ...(description ? { description } : {}),
        meta,
      };
    });

    const heading = topHeading(root);
    const generated = root
      .querySelectorAll("p")
      .find((p) => !insideBlock(p) && /Сгенерировано|Generated/iu.test(p.text))
      ?.text.trim();
    // laid out as the reference's document.md header: the timestamp and the stamp line on consecutive lines
    const header = [heading && `# ${heading}`, [generated, stampLine].filter(Boolean).join("\n")].filter(Boolean).join("\n\n");
    return {
      format: "ocr-html",
      ...(heading ? { heading, projectPath: splitTreePath(heading) } : {}),
      ...(stampLine ? { stampLine } : {}),
      ...(header ? { header: `${header}\n\n---` } : {}),
      pages: [...pages.values()].map(({ number, stamp }) => ({ number, ...(stamp ? { stamp } : {}) })).sort((a, b) => a.number - b.number),
      blocks,
    };
  }
}

/** The crop link of a block: an `<a href>` to a crop file, or a crop key in a `<pre>` JSON. */
function cropUrlIn(element: HTMLElement): string | undefined {
  const anchors = element.tagName === "A" ? [element] : element.querySelectorAll("a");
  const link = anchors.map((a) => a.getAttribute("href")?.trim()).find((href) => href && CROP_LINK.test(href));
  if (link) return link;
  const pres = element.tagName === "PRE" ? [element] : element.querySelectorAll("pre");
  for (const pre of pres) {
    const found = cropUrlInJson(pre.text);
    if (found) return found;
  }
  return undefined;
}

/** Tolerates code fences and several JSON objects one after another (REFERENCE_BEHAVIOUR §5.5). */
function cropUrlInJson(text: string): string | undefined {
  const cleaned = text.replace(/```(?:json)?/giu, "");
  for (let start = cleaned.indexOf("{"); start >= 0; start = cleaned.indexOf("{", start + 1)) {
    for (let end = cleaned.indexOf("}", start); end >= 0; end = cleaned.indexOf("}", end + 1)) {
      try {
        const found = findCropKey(JSON.parse(cleaned.slice(start, end + 1)));
        if (found) return found;
        break;
      } catch {
        // not a complete object yet: extend to the next closing brace
      }
    }
  }
  return undefined;
}

function findCropKey(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findCropKey(item);
      if (found) return found;
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (CROP_KEYS.has(key) && typeof item === "string" && item) return item;
      const found = findCropKey(item);
      if (found) return found;
    }
  }
  return undefined;
}

function insideBlock(element: HTMLElement): boolean {
  for (let node = element.parentNode; node; node = node.parentNode) if (node.classList?.contains("block")) return true;
  return false;
}

function topHeading(root: HTMLElement): string | undefined {
  const h1 = root.querySelectorAll("h1").find((h) => !insideBlock(h));
  const text = h1?.text.replace(/\s+/g, " ").trim();
  return text || root.querySelector("title")?.text.replace(/\s+-\s+OCR\s*$/u, "").trim() || undefined;
}
