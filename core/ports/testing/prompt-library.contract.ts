import { describe, expect, it } from "vitest";
import type { PromptLibrary, PromptTemplate } from "../prompt-library.js";
import { domainErrorOf } from "./domain-error-of.js";

/** Returns a library holding exactly `templates` (bodies without surrounding whitespace). */
export type PromptLibraryFactory = (templates: PromptTemplate[]) => Promise<PromptLibrary>;

const ANSWER: PromptTemplate = {
  id: "answer",
  version: 3,
  body: "Отвечай на {{language}}.\nНе больше {{max_rois}} запросов; язык ответа: {{language}}.",
};
const PLAIN: PromptTemplate = { id: "plain", version: 1, body: "No placeholders here, only {braces} and $1." };

/** The behaviour every `PromptLibrary` adapter must show (core/ports/prompt-library.ts), the in-memory fake included. */
export function describePromptLibraryContract(name: string, make: PromptLibraryFactory): void {
  describe(`PromptLibrary contract: ${name}`, () => {
    it("returns each template with its id, version and body, placeholders intact", async () => {
      const library = await make([ANSWER, PLAIN]);
      expect(await library.get("answer")).toEqual(ANSWER);
      expect(await library.get("plain")).toEqual(PLAIN);
    });

    it("lists every template by id and version, sorted by id", async () => {
      expect(await (await make([PLAIN, ANSWER])).list()).toEqual([
        { id: "answer", version: 3 },
        { id: "plain", version: 1 },
      ]);
      expect(await (await make([])).list()).toEqual([]);
    });

    it("fills every placeholder, each occurrence, and ignores variables the template does not use", async () => {
      const library = await make([ANSWER, PLAIN]);
      expect(await library.render("answer", { language: "русском", max_rois: "4", unused: "x" })).toBe(
        "Отвечай на русском.\nНе больше 4 запросов; язык ответа: русском.",
      );
      expect(await library.render("plain", {})).toBe(PLAIN.body);
    });

    it("inserts values literally: no second pass over them, no replacement patterns, empty strings allowed", async () => {
      const library = await make([ANSWER]);
      expect(await library.render("answer", { language: "{{max_rois}} $& $1 $$", max_rois: "" })).toBe(
        "Отвечай на {{max_rois}} $& $1 $$.\nНе больше  запросов; язык ответа: {{max_rois}} $& $1 $$.",
      );
    });

    it("refuses an unknown id with VALIDATION.INVALID_INPUT naming it, in get and in render", async () => {
      const library = await make([ANSWER]);
      for (const attempt of [() => library.get("role-astronaut"), () => library.render("role-astronaut", {})]) {
        const error = await domainErrorOf(attempt);
        expect(error.code).toBe("VALIDATION.INVALID_INPUT");
        expect(error.message).toContain("role-astronaut");
      }
    });

    it("refuses to render without a variable the template uses, naming it", async () => {
      const library = await make([ANSWER]);
      const error = await domainErrorOf(library.render("answer", { language: "русском" }));
      expect(error.code).toBe("VALIDATION.INVALID_INPUT");
      expect(error.message).toContain("max_rois");
      expect(error.message).not.toContain("language");
    });
  });
}
