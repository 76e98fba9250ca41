/**
 * How the reference server reads an export, re-implemented from REFERENCE_BEHAVIOUR §2.5 and §3.10 (not from its
 * code), so that tests can check that what we write is what it can read.
 */
export interface ReferenceBlock {
  id: string;
  kind: "TEXT" | "IMAGE" | "TABLE";
  page: number;
  /** The block's lines, without the blank lines around them. */
  content: string;
  links: string[];
}

/** Its block header: the brackets are required, ids are `[A-Z0-9-]+`. */
const BLOCK_HEADER = /^###\s+BLOCK\s+\[(TEXT|IMAGE|TABLE)\]:\s*([A-Z0-9-]+)/;

/**
 * `SearchService.parse_md_blocks`: a line starting `## ` ends the current block, and when it ends with a number it
 * is a page header; a block header opens a block on the current page (1 before any page header); the content
 * runs to the next block header or `## ` line; links are all `→ID` in the content.
 */
export function readDocumentMdLikeReference(markdown: string): ReferenceBlock[] {
  const blocks: ReferenceBlock[] = [];
  let page = 1;
  let open: { id: string; kind: ReferenceBlock["kind"]; page: number; lines: string[] } | undefined;
  const close = () => {
    if (!open) return;
    const content = open.lines.join("\n").trim();
    blocks.push({ id: open.id, kind: open.kind, page: open.page, content, links: [...content.matchAll(/→([A-Z0-9-]+)/g)].map((m) => m[1]!) });
    open = undefined;
  };
  for (const line of markdown.split(/\r?\n/)) {
    const header = line.match(BLOCK_HEADER);
    if (header) {
      close();
      open = { id: header[2]!, kind: header[1] as ReferenceBlock["kind"], page, lines: [] };
    } else if (line.startsWith("## ")) {
      close();
      const number = line.trimEnd().match(/(\d+)$/);
      if (number) page = Number(number[1]);
    } else {
      open?.lines.push(line);
    }
  }
  close();
  return blocks;
}

/**
 * The crop lookup in a `_blocks.json` (`_find_crop_by_image_id`): `.get("blocks", [])`, then the entry whose `id`
 * matches and whose `crop_url` is set; every other field is ignored.
 */
export function cropUrlLikeReference(blocksJson: string, blockId: string): string | undefined {
  const data = JSON.parse(blocksJson) as { blocks?: Array<{ id?: unknown; crop_url?: unknown }> };
  const entry = (data.blocks ?? []).find((b) => b.id === blockId && typeof b.crop_url === "string" && b.crop_url !== "");
  return entry?.crop_url as string | undefined;
}

/** Where the reference looks for a document's index: its `_document.md` key with the suffix swapped. */
export const blocksJsonNameLikeReference = (documentMdName: string) => documentMdName.replace("_document.md", "_blocks.json");
