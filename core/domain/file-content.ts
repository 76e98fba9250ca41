import { looksLikeBlocksJson } from "../formats/blocks-json.js";
import { looksLikeDocumentMd } from "../formats/document-md.js";
import { DomainError } from "./errors.js";

/** What an uploaded file is, told by its bytes (never by its name or the MIME type its sender declared). */
export type FileContentKind = "pdf" | "png" | "jpeg" | "html" | "document-md" | "markdown" | "blocks-json";

export interface FileContent {
  kind: FileContentKind;
  mimeType: string;
  /** The extension its blob key gets. */
  extension: string;
}

const CONTENT: Record<FileContentKind, Omit<FileContent, "kind">> = {
  pdf: { mimeType: "application/pdf", extension: "pdf" },
  png: { mimeType: "image/png", extension: "png" },
  jpeg: { mimeType: "image/jpeg", extension: "jpg" },
  html: { mimeType: "text/html", extension: "html" },
  "document-md": { mimeType: "text/markdown", extension: "md" },
  markdown: { mimeType: "text/markdown", extension: "md" },
  "blocks-json": { mimeType: "application/json", extension: "json" },
};

/** Declared types that say nothing (a client that did not know), accepted for any content. */
const UNTYPED = new Set(["", "application/octet-stream", "binary/octet-stream", "application/x-unknown"]);

/** Declared types each content is compatible with; any other declared type is a mismatch. */
const DECLARED: Record<FileContentKind, readonly string[]> = {
  pdf: ["application/pdf", "application/x-pdf"],
  png: ["image/png"],
  jpeg: ["image/jpeg", "image/jpg", "image/pjpeg"],
  html: ["text/html", "application/xhtml+xml", "text/plain"],
  "document-md": ["text/markdown", "text/x-markdown", "text/plain"],
  markdown: ["text/markdown", "text/x-markdown", "text/plain"],
  "blocks-json": ["application/json", "text/json", "text/plain"],
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_END = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
/** PDF readers accept junk before the header, and after `%%EOF`, within a kilobyte. */
export const PDF_WINDOW = 1024;

/** The first and last bytes of a file: enough to tell binary formats apart and to see whether one was cut short. */
export interface FileEnds {
  head: Uint8Array;
  tail: Uint8Array;
  size: number;
}

const unsupported = (message: string, details: Record<string, unknown> = {}) => new DomainError("DOCUMENT.UNSUPPORTED_FORMAT", message, { details });
const invalid = (message: string) => new DomainError("DOCUMENT.INVALID_FILE", message);

/**
 * The binary kind of a file from its magic bytes, checked whole: a PDF without its `%%EOF` trailer, a PNG without
 * `IEND` or a JPEG without its end marker is cut short and refused here, before any decoder (MuPDF) sees it.
 * `undefined`: not one of the binary kinds (it may be text).
 */
export function sniffBinary(ends: FileEnds): FileContentKind | undefined {
  const { head, tail } = ends;
  if (indexOf(head.subarray(0, PDF_WINDOW), ascii("%PDF-")) >= 0) {
    if (indexOf(tail.subarray(-PDF_WINDOW), ascii("%%EOF")) < 0) throw invalid("truncated PDF: no %%EOF trailer at its end");
    return "pdf";
  }
  if (startsWith(head, PNG_SIGNATURE)) {
    if (!endsWith(tail, PNG_END)) throw invalid("truncated PNG: no IEND chunk at its end");
    return "png";
  }
  if (startsWith(head, [0xff, 0xd8, 0xff])) {
    if (indexOf(tail.subarray(-PDF_WINDOW), [0xff, 0xd9]) < 0) throw invalid("truncated JPEG: no end-of-image marker");
    return "jpeg";
  }
  return undefined;
}

/**
 * The text kind of a whole file: UTF-8 without NULs, then document.md (block headers), HTML, blocks.json (JSON with
 * `blocks`) or plain markdown. Other binary data and other JSON are refused.
 */
export function sniffText(bytes: Uint8Array): FileContentKind {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw unsupported("unsupported content: not a PDF, PNG, JPEG or UTF-8 text (Markdown, HTML, blocks.json)");
  }
  if (text.includes("\u0000")) throw unsupported("unsupported content: binary data, not a PDF, PNG, JPEG or text");
  if (looksLikeDocumentMd(text)) return "document-md";
  if (/^\s*(<!doctype html|<html|<div)/iu.test(text) || /<div[^>]*class=["'][^"']*\bblock\b/iu.test(text)) return "html";
  if (/^\s*[{[]/u.test(text)) {
    if (looksLikeBlocksJson(text)) return "blocks-json";
    throw unsupported("unsupported content: JSON that is not a blocks.json (an object with a `blocks` list)");
  }
  return "markdown";
}

/** Refuses a declared MIME type that contradicts the content (an untyped declaration is fine). */
export function checkDeclaredType(kind: FileContentKind, declared: string | undefined): FileContent {
  const type = (declared ?? "").split(";")[0]!.trim().toLowerCase();
  if (!UNTYPED.has(type) && !DECLARED[kind].includes(type)) {
    throw unsupported(`the file was sent as ${type} but its content is ${CONTENT[kind].mimeType}`, { declared: type, detected: CONTENT[kind].mimeType });
  }
  return { kind, ...CONTENT[kind] };
}

/** Contents that become documents: PDFs are ingested, the OCR exports imported. */
export function becomesDocument(kind: FileContentKind): "pdf" | "import" | undefined {
  if (kind === "pdf") return "pdf";
  if (kind === "document-md" || kind === "html" || kind === "markdown") return "import";
  return undefined;
}

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function endsWith(bytes: Uint8Array, suffix: readonly number[]): boolean {
  return startsWith(bytes.subarray(bytes.length - suffix.length), suffix);
}

function indexOf(bytes: Uint8Array, needle: readonly number[]): number {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
