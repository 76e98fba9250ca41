import { closeSync, openSync, readSync, statSync } from "node:fs";
import { constants, gunzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface LanguageData {
  language: string;
  /** A `.traineddata` file, gzipped or not. */
  file: string;
}

export interface LocatedLanguages {
  found: LanguageData[];
  missing: string[];
  /** Every folder that was searched, for the message when something is missing. */
  searched: string[];
}

/** Smaller files are not language data (an empty download, a placeholder). */
const MIN_TRAINEDDATA_BYTES = 64 * 1024;

/** The English data shipped in the npm package `@tesseract.js-data/eng` (LSTM model, gzipped), if installed. */
export function bundledEnglishDir(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
  } catch {
    return undefined;
  }
}

function usableFile(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFile() && stat.size >= MIN_TRAINEDDATA_BYTES && hasTraineddataHeader(path);
  } catch {
    return false;
  }
}

/**
 * A traineddata file starts with its entry count (int32) and the entries' offsets (int64, -1 when absent).
 * Checked up front because tesseract.js crashes the process on data its engine refuses to load.
 */
function hasTraineddataHeader(path: string): boolean {
  const head = new Uint8Array(64 * 1024);
  const fd = openSync(path, "r");
  let read: number;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  let bytes = head.subarray(0, read);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
  if (bytes.length < 12) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = view.getInt32(0, true);
  if (entries < 1 || entries > 64 || bytes.length < 4 + 8 * entries) return false;
  for (let i = 0; i < entries; i++) {
    const offset = view.getBigInt64(4 + 8 * i, true);
    if (offset < -1n || offset > 4_000_000_000n) return false;
  }
  return true;
}

/**
 * Find each language's data in the folders in order (first hit wins); English falls back to the npm package.
 * Only the local file system is consulted.
 */
export function locateLanguages(languages: readonly string[], dirs: readonly string[]): LocatedLanguages {
  const english = bundledEnglishDir();
  const found: LanguageData[] = [];
  const missing: string[] = [];
  for (const language of languages) {
    const candidates = [...dirs, ...(language === "eng" && english ? [english] : [])];
    const file = candidates.flatMap((d) => [join(d, `${language}.traineddata`), join(d, `${language}.traineddata.gz`)]).find(usableFile);
    if (file) found.push({ language, file });
    else missing.push(language);
  }
  return { found, missing, searched: [...dirs, ...(english ? [english] : [])] };
}
