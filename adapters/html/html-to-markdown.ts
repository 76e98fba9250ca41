import { HTMLElement, type Node, NodeType } from "node-html-parser";

/**
 * Converts the content of an OCR html block to markdown text: paragraphs separated by blank lines, tables as
 * markdown rows, lists as `-`/`1.` lines, `<pre>` as a fenced block. Headings become `####`–`######`: block
 * text is later written under `###` block headers in document.md, and `#`/`##` lines there would read as
 * document or page headings to other readers of that format.
 */
export function htmlToMarkdown(nodes: readonly Node[]): string {
  return paragraphs(nodes).join("\n\n");
}

const BLOCK_TAGS = new Set(["p", "div", "section", "article", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre", "hr", "li", "thead", "tbody", "tr", "header", "footer"]);

function paragraphs(nodes: readonly Node[]): string[] {
  const out: string[] = [];
  let inline = "";
  const flush = () => {
    const text = tidy(inline);
    if (text) out.push(text);
    inline = "";
  };
  for (const node of nodes) {
    if (!(node instanceof HTMLElement)) {
      if (node.nodeType === NodeType.TEXT_NODE) inline += collapse(node.text);
      continue;
    }
    const tag = node.tagName.toLowerCase();
    if (!BLOCK_TAGS.has(tag)) {
      inline += inlineText(node);
      continue;
    }
    flush();
    out.push(...blockOf(node, tag));
  }
  flush();
  return out;
}

function blockOf(element: HTMLElement, tag: string): string[] {
  const heading = tag.match(/^h([1-6])$/u);
  if (heading) {
    const text = tidy(inlineOf(element.childNodes)).replace(/\n+/g, " ");
    return text ? [`${"#".repeat(Math.min(6, Number(heading[1]) + 3))} ${text}`] : [];
  }
  switch (tag) {
    case "table":
      return [tableOf(element)].filter(Boolean);
    case "ul":
    case "ol":
      return [listOf(element, tag === "ol")].filter(Boolean);
    case "pre": {
      const text = element.text.replace(/^\n+|\s+$/g, "");
      return text ? [`\`\`\`\n${text}\n\`\`\``] : [];
    }
    case "hr":
      return ["---"];
    default:
      return paragraphs(element.childNodes);
  }
}

function inlineOf(nodes: readonly Node[]): string {
  return nodes.map((n) => (n instanceof HTMLElement ? inlineText(n) : n.nodeType === NodeType.TEXT_NODE ? collapse(n.text) : "")).join("");
}

function inlineText(element: HTMLElement): string {
  const tag = element.tagName.toLowerCase();
  if (tag === "br") return "\n";
  if (tag === "img") {
    const alt = element.getAttribute("alt")?.trim();
    return alt ? `[Изображение: ${alt}]` : "";
  }
  if (BLOCK_TAGS.has(tag)) return ` ${paragraphs([element]).join(" ")} `;
  const inner = inlineOf(element.childNodes);
  const wrap = (mark: string) => {
    const core = inner.trim();
    if (!core) return inner;
    const lead = inner.match(/^\s*/u)![0];
    const trail = inner.match(/\s*$/u)![0];
    return `${lead}${mark}${core}${mark}${trail}`;
  };
  if (tag === "b" || tag === "strong") return wrap("**");
  if (tag === "i" || tag === "em") return wrap("*");
  if (tag === "code") return wrap("`");
  return inner;
}

function tableOf(table: HTMLElement): string {
  const rows = table
    .querySelectorAll("tr")
    .filter((tr) => closestTable(tr) === table)
    .map((tr) =>
      tr.childNodes
        .filter((c): c is HTMLElement => c instanceof HTMLElement && /^(td|th)$/iu.test(c.tagName))
        .flatMap((cell) => {
          const text = paragraphs(cell.childNodes).join(" ").replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|").trim();
          const span = Math.max(1, Math.min(100, Number(cell.getAttribute("colspan") ?? 1) || 1));
          return [text, ...new Array<string>(span - 1).fill("")];
        }),
    )
    .filter((cells) => cells.length > 0);
  if (rows.length === 0) return "";
  const width = Math.max(...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${[...cells, ...new Array<string>(width - cells.length).fill("")].join(" | ")} |`;
  return [line(rows[0]!), line(new Array<string>(width).fill("---")), ...rows.slice(1).map(line)].join("\n");
}

function closestTable(element: HTMLElement): HTMLElement | null {
  let node = element.parentNode;
  while (node && node.tagName?.toLowerCase() !== "table") node = node.parentNode;
  return node;
}

function listOf(list: HTMLElement, ordered: boolean, depth = 0): string {
  const lines: string[] = [];
  let n = 0;
  for (const item of list.childNodes) {
    if (!(item instanceof HTMLElement) || item.tagName.toLowerCase() !== "li") continue;
    n++;
    const nested = item.childNodes.filter((c): c is HTMLElement => c instanceof HTMLElement && /^(ul|ol)$/iu.test(c.tagName));
    const own = paragraphs(item.childNodes.filter((c) => !nested.includes(c as HTMLElement))).join(" ").replace(/\s*\n\s*/g, " ");
    lines.push(`${"  ".repeat(depth)}${ordered ? `${n}.` : "-"} ${own}`);
    for (const sub of nested) lines.push(listOf(sub, sub.tagName.toLowerCase() === "ol", depth + 1));
  }
  return lines.join("\n");
}

/** Whitespace inside a text node collapses to one space, as a browser shows it. */
function collapse(text: string): string {
  return text.replace(/\s+/gu, " ");
}

/** Trims each line of a paragraph and drops empty ones (line breaks come only from `<br>`). */
function tidy(text: string): string {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join("\n");
}
