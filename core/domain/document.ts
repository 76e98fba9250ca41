export type DocumentSourceKind = "pdf" | "document-md" | "ocr-html" | "markdown";

/** The sheet's title block (штамп) where recognised. */
export interface SheetStamp {
  /** шифр, e.g. `133/23-ГК-АР4` */
  cipher?: string;
  /** лист (sheet number) */
  sheet?: string;
  /** наименование (sheet title) */
  title?: string;
  /** стадия */
  stage?: string;
}

export interface Page {
  /** 1-based. */
  number: number;
  /** Size in PDF points (1/72 inch), after rotation; 0 when unknown (imports without a PDF). */
  width: number;
  height: number;
  rotation: number;
  /** True when the page's ink carries text the text layer lacks (scan, outlined CAD text). */
  needsOcr: boolean;
  /** Set once OCR has run on this page; lets an interrupted OCR run resume. */
  ocrEngine?: string;
  stamp?: SheetStamp;
}

export interface DocumentRecord {
  id: string;
  ownerId: string;
  name: string;
  sourceKind: DocumentSourceKind;
  /** Blob key of the source file (PDF or imported text); crops live under `crops/`. */
  sourceKey?: string;
  /** sha256 of the source bytes: part of every render cache key. */
  sourceVersion: string;
  pageCount: number;
  pages: Page[];
  /** Tree path from an import's H1 (`project › section › document`). */
  projectPath?: string[];
  /** Document-level stamp line of imported OCR output, kept verbatim. */
  stampLine?: string;
  /** Keys of crop PDFs per IMAGE block id, for imports that ship them. */
  crops?: Record<string, string>;
  createdAt: string;
  meta?: Record<string, unknown>;
}
