import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundledEnglishDir, locateLanguages } from "./tessdata-locator.js";

/** A file with a plausible traineddata header: 3 entries, offsets -1 / 28 / 1000. */
function fakeTraineddata(path: string): void {
  const bytes = new Uint8Array(70_000);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 3, true);
  view.setBigInt64(4, -1n, true);
  view.setBigInt64(12, 28n, true);
  view.setBigInt64(20, 1000n, true);
  writeFileSync(path, bytes);
}

describe("locateLanguages", () => {
  const root = mkdtempSync(join(tmpdir(), "aizoomdoc-locator-"));
  const first = join(root, "first");
  const second = join(root, "second");
  mkdirSync(first);
  mkdirSync(second);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("takes each language from the first folder that has it and reports the rest missing", () => {
    fakeTraineddata(join(first, "rus.traineddata"));
    fakeTraineddata(join(second, "rus.traineddata"));
    fakeTraineddata(join(second, "deu.traineddata"));
    const located = locateLanguages(["rus", "deu", "fra"], [first, second]);
    expect(located.found).toEqual([
      { language: "rus", file: join(first, "rus.traineddata") },
      { language: "deu", file: join(second, "deu.traineddata") },
    ]);
    expect(located.missing).toEqual(["fra"]);
  });

  it("skips files that are not language data", () => {
    writeFileSync(join(first, "ukr.traineddata"), new Uint8Array(70_000).fill(9));
    writeFileSync(join(second, "ukr.traineddata"), "tiny");
    expect(locateLanguages(["ukr"], [first, second]).missing).toEqual(["ukr"]);
  });

  it("falls back to the English model of the npm package", () => {
    const located = locateLanguages(["eng"], [first]);
    expect(bundledEnglishDir()).toBeDefined();
    expect(located.found).toEqual([{ language: "eng", file: join(bundledEnglishDir()!, "eng.traineddata.gz") }]);
  });
});
