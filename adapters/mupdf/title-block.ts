import type { SheetStamp } from "../../core/domain/document.js";
import type { Rect, TextLine } from "./page-layout.js";
import type { TableCell } from "./stext-json.js";

/**
 * A sheet cipher (шифр) such as `133/23-ГК-АР4` or `2024-15-ОВ1.1`: digits, then hyphenated parts of which at
 * least one holds an uppercase letter (so standards like `21.101-2020` and series like `1.038.1-1` are not ciphers).
 */
const CIPHER = /\d[\d./]*(?:-[\p{Lu}\d.]+)+/gu;
const cipherIn = (text: string) => text.match(CIPHER)?.find((m) => /\p{Lu}/u.test(m));
/** Printed labels of the ГОСТ 21.101 title block; never a sheet title. */
const LABELS =
  /^(изм\.?|кол\.? ?уч\.?|лист|листов|№ ?док\.?|подп\.?|подпись|дата|стадия|разраб(отал)?\.?|пров(ерил)?\.?|гип|гап|н\.? ?контр(оль)?\.?|утв(ердил)?\.?|нач\.? ?отд(ела)?\.?|инв\.? ?№.*|взам\.? ?инв.*|масштаб|формат.*|копировал)$/iu;
const ORGANISATION = /(^|[\s«"])(ООО|АО|ЗАО|ОАО|ПАО|ГУП|ФГУП|ИП|LLC)([\s»"]|$)/u;
const SHEET_VALUE = /^\d{1,4}[а-яa-z]?(\.\d+)?$/iu;
const STAGES = /^(П|Р|РД|ПД|Э|ЭП|И|ОТР)$/u;

/** Where a title block sits on a sheet: in the bottom-right corner, inside the frame. */
export function isTitleBlockRegion(region: Rect, pageWidth: number, pageHeight: number): boolean {
  return region[2] >= 0.85 * pageWidth && region[3] >= 0.85 * pageHeight && region[0] >= 0.4 * pageWidth && region[1] >= 0.5 * pageHeight;
}

/**
 * Recognise the title block (штамп) from the cells of its table: cipher, sheet number (the cell under «Лист»),
 * stage (under «Стадия») and the sheet title (the largest-type text that is not a label, name, date or number).
 * Returns undefined when nothing that looks like a stamp is there.
 */
export function recognizeStamp(rows: readonly TableCell[][]): SheetStamp | undefined {
  const stamp: SheetStamp = {};
  const cells = rows.flat().filter((c) => c.text);
  const ciphers = cells
    .map((c) => ({ match: cipherIn(c.text), size: c.size }))
    .filter((c): c is { match: string; size: number } => c.match !== undefined)
    .sort((a, b) => b.size - a.size || b.match.length - a.match.length);
  if (ciphers[0]) stamp.cipher = ciphers[0].match;
  const below = (label: RegExp, valid: RegExp) => {
    for (let r = 0; r < rows.length - 1; r++) {
      const c = rows[r]!.findIndex((cell) => label.test(cell.text.trim()));
      const value = c >= 0 ? rows[r + 1]![c]?.text.trim() : undefined;
      if (value && valid.test(value)) return value;
    }
    return undefined;
  };
  stamp.sheet = below(/^лист\.?$/iu, SHEET_VALUE);
  stamp.stage = below(/^стадия$/iu, STAGES);
  const title = cells
    .filter((c) => isTitleCandidate(c.text, stamp))
    .sort((a, b) => b.size - a.size || b.text.length - a.text.length)[0];
  if (title) stamp.title = title.text;
  const found = Object.fromEntries(Object.entries(stamp).filter(([, v]) => v !== undefined)) as SheetStamp;
  return found.cipher || (found.sheet && found.title) ? found : undefined;
}

/** The same recognition from loose text lines, for title blocks MuPDF could not read as a table. */
export function recognizeStampFromLines(lines: readonly TextLine[]): SheetStamp | undefined {
  const cells = lines.map((l) => ({ text: l.text, size: l.size }));
  const stamp: SheetStamp = {};
  const cipher = recognizeStamp([cells])?.cipher;
  if (cipher) stamp.cipher = cipher;
  // without table cells, the sheet number is the nearest number below the «Лист» label
  const label = lines.find((l) => /^лист\.?$/iu.test(l.text));
  const value = label
    ? lines
        .filter((l) => l.bbox[1] >= label.bbox[3] - 1 && SHEET_VALUE.test(l.text) && Math.abs(center(l) - center(label)) < label.size * 3)
        .sort((a, b) => a.bbox[1] - b.bbox[1])[0]
    : undefined;
  if (value) stamp.sheet = value.text;
  const title = cells.filter((c) => isTitleCandidate(c.text, stamp)).sort((a, b) => b.size - a.size || b.text.length - a.text.length)[0];
  if (title) stamp.title = title.text;
  return stamp.cipher || (stamp.sheet && stamp.title) ? stamp : undefined;
}

const center = (line: TextLine) => (line.bbox[0] + line.bbox[2]) / 2;

function isTitleCandidate(text: string, stamp: SheetStamp): boolean {
  const t = text.trim();
  if (t.length < 6 || LABELS.test(t) || ORGANISATION.test(t)) return false;
  if (stamp.cipher && t.includes(stamp.cipher)) return false;
  if (!/\p{Ll}/u.test(t)) return false; // codes, numbers and dates carry no lowercase letters
  if (/^\p{Lu}\p{Ll}+(\s+\p{Lu}\.\s*(\p{Lu}\.)?)?$/u.test(t)) return false; // a surname, maybe with initials
  return /\s/.test(t) || t.length >= 10;
}
