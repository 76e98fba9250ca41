import { describe, expect, it } from "vitest";
import { errorCodeOf } from "../ports/testing/domain-error-of.js";
import { checkDeclaredType, sniffBinary, sniffText } from "./file-content.js";
import { safeFilename } from "./safe-filename.js";

const bytes = (...parts: Array<string | number[]>) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p)] : p)));
const ends = (b: Uint8Array) => ({ head: b.subarray(0, 1024), tail: b.subarray(-1024), size: b.byteLength });
const text = (t: string) => new TextEncoder().encode(t);

const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "....", [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], "JFIF....", [0xff, 0xd9]);
const PDF = bytes("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\nstartxref\n0\n%%EOF\n");

describe("content sniffing", () => {
  it.each([
    ["a PDF", PDF, "pdf"],
    ["a PDF with junk before its header", bytes("junk\n", "%PDF-1.4\n%%EOF"), "pdf"],
    ["a PNG", PNG, "png"],
    ["a JPEG", JPEG, "jpeg"],
  ])("tells %s by its magic bytes", (_, file, kind) => {
    expect(sniffBinary(ends(file))).toBe(kind);
  });

  it("refuses truncated binaries before any decoder sees them", async () => {
    expect(await errorCodeOf(() => sniffBinary(ends(PDF.subarray(0, PDF.length - 8))))).toBe("DOCUMENT.INVALID_FILE");
    expect(await errorCodeOf(() => sniffBinary(ends(PNG.subarray(0, PNG.length - 4))))).toBe("DOCUMENT.INVALID_FILE");
    expect(await errorCodeOf(() => sniffBinary(ends(JPEG.subarray(0, JPEG.length - 2))))).toBe("DOCUMENT.INVALID_FILE");
  });

  it("leaves text to the text sniffer", () => {
    expect(sniffBinary(ends(text("# План")))).toBeUndefined();
  });

  it.each([
    ["document.md", "# АР4\n## СТРАНИЦА 1\n### BLOCK [TEXT]: AAAA-BBBB-CCC\nТекст\n", "document-md"],
    ["ocr.html", "<!DOCTYPE html><html><body><div class=\"block\">…</div></body></html>", "html"],
    ["an html fragment of blocks", "<div class=\"block block-text\">Блок #1</div>", "html"],
    ["blocks.json", JSON.stringify({ blocks: [{ id: "AAAA-BBBB-CCC", page_index: 0 }] }), "blocks-json"],
    ["plain markdown", "# Пояснительная записка\n\nТекст.", "markdown"],
  ])("tells %s by its content", (_, content, kind) => {
    expect(sniffText(text(content))).toBe(kind);
  });

  it("refuses binary data, invalid UTF-8 and JSON that is not a blocks.json as unsupported", async () => {
    expect(await errorCodeOf(() => sniffText(bytes([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe])))).toBe("DOCUMENT.UNSUPPORTED_FORMAT");
    expect(await errorCodeOf(() => sniffText(bytes("text", [0], "more")))).toBe("DOCUMENT.UNSUPPORTED_FORMAT");
    expect(await errorCodeOf(() => sniffText(text('{"name": "x"}')))).toBe("DOCUMENT.UNSUPPORTED_FORMAT");
  });

  it("accepts a declared type that fits or says nothing, and refuses one that contradicts the content", async () => {
    expect(checkDeclaredType("pdf", "application/pdf")).toMatchObject({ mimeType: "application/pdf", extension: "pdf" });
    expect(checkDeclaredType("pdf", undefined).mimeType).toBe("application/pdf");
    expect(checkDeclaredType("markdown", "application/octet-stream").mimeType).toBe("text/markdown");
    expect(checkDeclaredType("blocks-json", "application/json; charset=utf-8").mimeType).toBe("application/json");
    expect(await errorCodeOf(() => checkDeclaredType("png", "application/pdf"))).toBe("DOCUMENT.UNSUPPORTED_FORMAT");
    expect(await errorCodeOf(() => checkDeclaredType("html", "image/png"))).toBe("DOCUMENT.UNSUPPORTED_FORMAT");
  });
});

describe("safe file names", () => {
  it.each([
    ["../../etc/passwd", "passwd"],
    ["..\\..\\windows\\system32\\drivers.pdf", "drivers.pdf"],
    ["/abs/path/АР4_document.md", "АР4_document.md"],
    ["evil\u0000name\u202e.pdf", "evilname.pdf"],
    ["line\nbreak\t.md", "linebreak.md"],
    ["..", "upload.pdf"],
    [".hidden.pdf", "hidden.pdf"],
    ["a:b*c?.pdf", "a_b_c_.pdf"],
    ["CON.pdf", "_CON.pdf"],
    ["", "upload.pdf"],
  ])("%j becomes %j", (raw, safe) => {
    expect(safeFilename(raw, "pdf")).toBe(safe);
  });

  it("caps a long name at 255 bytes and keeps its extension", () => {
    const name = safeFilename(`${"Ж".repeat(300)}.pdf`, "pdf");
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith("Ж.pdf")).toBe(true);
  });
});
