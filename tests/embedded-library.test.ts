import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../adapters/local/testing/pglite-template.js";
import { generateDrawingSet } from "../fixtures/drawing-set-generator.js";
import { DomainError, openAizoomdoc, type StreamEvent } from "../index.js";

describe("embedded library (import { openAizoomdoc } from \"aizoomdoc\")", () => {
  it("adds a drawing set, searches it, zooms into a block and answers evidence-only, then reopens the same data", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "aizoomdoc-lib-"));
    await seedLocalDataDir(dataDir);
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }, { kind: "floor-plan", floor: 7 }], seed: "lib" });

    const app = await openAizoomdoc({ dataDir });
    try {
      const document = await app.addDocument({ name: "АР.pdf", bytes: pdf }, { ocr: "never" });
      expect(document.pageCount).toBe(2);

      const [hit] = await app.search("перемычки 2 этажа", { documentIds: [document.id] });
      expect(hit?.block.page).toBe(1);

      const drawing = (await app.getBlocks(document.id, { kind: "IMAGE" }))[0]!;
      const whole = await app.render({ documentId: document.id, blockId: drawing.id });
      const zoomed = await app.render({ documentId: document.id, blockId: drawing.id, sector: "B2.A1" });
      expect(zoomed.image.dpi).toBeGreaterThan(whole.image.dpi);
      expect((await sharp(zoomed.bytes).metadata()).width).toBe(zoomed.image.width);

      const events: StreamEvent[] = [];
      for await (const event of app.ask({ question: "Какие перемычки на 2 этаже?", documentIds: [document.id] })) events.push(event);
      const completed = events.find((e) => e.type === "completed");
      expect(completed?.type === "completed" && completed.answer?.mode).toBe("evidence_only");
      expect(events.some((e) => e.type === "image_ready")).toBe(true);
    } finally {
      await app.close();
    }

    const reopened = await openAizoomdoc({ dataDir });
    try {
      expect((await reopened.listDocuments()).map((d) => d.name)).toEqual(["АР.pdf"]);
      await expect(reopened.getDocument("no-such-document")).rejects.toSatisfy((e) => DomainError.isInstance(e) && e.code === "DOCUMENT.NOT_FOUND");
    } finally {
      await reopened.close();
    }
  });
});
