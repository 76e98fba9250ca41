import { availableParallelism } from "node:os";
import { z } from "zod";

/** Limits that keep hostile or absurd PDFs from exhausting memory; defaults suit A0 drawing sets. */
export const MupdfConfig = z.object({
  /** Largest accepted page count. */
  maxPages: z.number().int().positive().default(2000),
  /** Largest accepted page side in points (14 400 pt = 200 in, the PDF spec's own limit). */
  maxPageSidePt: z.number().positive().default(14_400),
  /** Largest raster image, in pixels (an A0 scan at 400 DPI is about 250 MP). */
  maxImagePixels: z.number().int().positive().default(400_000_000),
  /** Largest total of all raster images in one file, in pixels. */
  maxTotalImagePixels: z.number().int().positive().default(4_000_000_000),
  /** Largest inflated size of one content or form stream (a heavy A0 CAD sheet's content is well under 100 MB). */
  maxStreamBytes: z.number().int().positive().default(256 * 2 ** 20),
  /**
   * Threads that parse the pages of a long PDF: the calling thread plus `parseWorkers - 1` worker threads, each with
   * its own MuPDF (MuPDF's WASM is single-threaded). 1 = the calling thread only, as for every short document.
   */
  parseWorkers: z.number().int().min(1).max(16).default(Math.min(2, availableParallelism())),
  /**
   * false = pages are parsed in worker threads only (at least one, `parseWorkers` for a long PDF), never in the calling
   * thread: a server's event loop must stay free for requests while a heavy sheet's table hunt takes seconds.
   */
  parseInCallingThread: z.boolean().default(true),
  /**
   * Start the parse worker threads when the parser is made instead of at the first long PDF: a process that will
   * parse (the CLI's `docs add`, a server) overlaps their start-up with its own. Off for parsers made in passing.
   */
  warmWorkers: z.boolean().default(false),
  /** Documents the renderer keeps open between calls (keyed by source version). */
  openDocuments: z.number().int().positive().default(4),
  /** Pages whose display lists the renderer keeps, so a second region of the same sheet skips parsing. */
  cachedPages: z.number().int().positive().default(8),
  /** PNG zlib level: renders are served once and cached, so speed beats the last few percent of size. */
  pngCompressionLevel: z.number().int().min(0).max(9).default(3),
});

export type MupdfConfig = z.infer<typeof MupdfConfig>;
