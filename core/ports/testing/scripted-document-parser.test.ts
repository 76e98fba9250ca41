import { describeDocumentParserContract } from "./document-parser.contract.js";
import { ScriptedDocumentParser, scriptedPdf } from "./scripted-document-parser.js";

describeDocumentParserContract("ScriptedDocumentParser", async () => ({
  parser: new ScriptedDocumentParser({ maxPages: 100 }),
  sheets: (pages) => scriptedPdf({ pages }),
  drawing: () => scriptedPdf({ pages: 1 }),
  outlined: () => scriptedPdf({ pages: 1, needsOcr: true }),
  encrypted: () => scriptedPdf({ pages: 1, encrypted: true }),
  empty: () => scriptedPdf({ pages: 0 }),
  tooLarge: () => scriptedPdf({ pages: 101 }),
}));
