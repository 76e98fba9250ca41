import * as mupdf from "mupdf";
import { readFileSync } from "node:fs";
import { heavySet } from "./bench-tools.js";
const file = heavySet(10);
const doc = mupdf.Document.openDocument(readFileSync(file), "application/pdf").asPDF()!;
const acc: Record<string, number> = {};
const t = <T>(k: string, f: () => T): T => { const s = performance.now(); const r = f(); acc[k] = (acc[k] ?? 0) + performance.now() - s; return r; };
for (let round = 0; round < 2; round++) for (let i = 0; i < doc.countPages(); i++) {
  const page = t("load", () => doc.loadPage(i));
  const list = t("displaylist", () => page.toDisplayList(false));
  const text = t("stext-text", () => list.toStructuredText("preserve-whitespace,preserve-images"));
  t("walk-text", () => text.walk({ onChar(_c, _o, font) { font.destroy(); }, onImageBlock(_b, _t, im) { im.destroy(); } }));
  const ink = t("stext-vectors", () => list.toStructuredText("vectors"));
  let n = 0;
  t("walk-vectors", () => ink.walk({ onVector() { n++; } }));
  const both = t("stext-both", () => list.toStructuredText("preserve-whitespace,preserve-images,vectors"));
  const direct = t("page-stext", () => page.toStructuredText("preserve-whitespace"));
  text.destroy(); ink.destroy(); both.destroy(); direct.destroy(); list.destroy(); page.destroy();
  if (round === 0 && i === 0) console.log("vectors", n);
}
for (const [k, v] of Object.entries(acc)) console.log(k.padEnd(14), (v / 20).toFixed(1), "ms/page");
import { MupdfDocumentParser } from "../adapters/mupdf/mupdf-document-parser.js";
const parser = new MupdfDocumentParser();
const bytes = readFileSync(file);
for (let r = 0; r < 2; r++) {
  const s = performance.now();
  let pages = 0;
  for await (const _p of parser.parse(bytes)) pages++;
  console.log("parser", ((performance.now() - s) / pages).toFixed(1), "ms/page");
}
const s2 = performance.now();
await parser.inspect(bytes);
console.log("inspect", (performance.now() - s2).toFixed(1), "ms total");
