import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILT_IN_ROLES } from "../../core/agent/built-in-roles.js";
import { domainErrorOf } from "../../core/ports/testing/domain-error-of.js";
import { describePromptLibraryContract } from "../../core/ports/testing/prompt-library.contract.js";
import { FilePromptLibrary, bundledPromptsDirectory, parsePromptFile } from "./file-prompt-library.js";

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

describePromptLibraryContract("FilePromptLibrary", async (templates) => {
  const directory = await mkdtemp(join(tmpdir(), "prompts-"));
  folders.push(directory);
  for (const { id, version, body } of templates) {
    const variables = [...new Set([...body.matchAll(/\{\{([a-z_]+)\}\}/g)].map((m) => m[1]))];
    await writeFile(join(directory, `${id}.md`), `---\nid: ${id}\nversion: ${version}\nvariables: [${variables.join(", ")}]\n---\n${body}\n`);
  }
  return new FilePromptLibrary({ directory });
});

describe("FilePromptLibrary", () => {
  const library = new FilePromptLibrary({ directory: bundledPromptsDirectory() });

  it("loads every bundled prompt with its id and version, including the three roles", async () => {
    const ids = (await library.list()).map(({ id }) => id);
    expect(ids).toEqual(expect.arrayContaining(["system", "intent", "collector", "answer", "final-answer-at-budget", "compare"]));
    // the roles users can select are exactly the bundled role prompts
    expect(ids.filter((id) => id.startsWith("role-")).sort()).toEqual(BUILT_IN_ROLES.map((r) => `role-${r}`).sort());
    for (const id of ids) {
      const prompt = await library.get(id);
      expect(prompt.version).toBeGreaterThanOrEqual(1);
      expect(prompt.body.length).toBeGreaterThan(100);
      expect(prompt.body).not.toMatch(/^---/);
    }
  });

  it("fills declared variables and refuses to render without them", async () => {
    const system = await library.render("system", { language: "Russian" });
    expect(system).toContain("Write the answer in Russian");
    expect(system).not.toContain("{{");
    await expect(library.render("system", {})).rejects.toThrow(/needs variables: language/);
    await expect(library.render("answer", { max_rois: "4" })).resolves.toContain("at most 4 requests");
  });

  it("names an unknown prompt id in a VALIDATION.INVALID_INPUT error", async () => {
    const error = await domainErrorOf(library.get("role-astronaut"));
    expect(error.code).toBe("VALIDATION.INVALID_INPUT");
    expect(error.message).toContain('prompt "role-astronaut" does not exist');
  });

  it("rejects files without front-matter, with undeclared variables or with a duplicate id", async () => {
    expect(() => parsePromptFile("x.md", "no front matter")).toThrow(/no front-matter/);
    expect(() => parsePromptFile("x.md", "---\nid: x\nversion: 1\nvariables: []\n---\nHello {{name}}")).toThrow(/undeclared variables: name/);
    expect(() => parsePromptFile("x.md", "---\nid: X Y\nversion: 1\n---\nbody")).toThrow(/kebab-case/);
    const dir = await mkdtemp(join(tmpdir(), "prompts-"));
    await writeFile(join(dir, "a.md"), "---\nid: same\nversion: 1\n---\none");
    await writeFile(join(dir, "b.md"), "---\nid: same\nversion: 2\n---\ntwo");
    await expect(new FilePromptLibrary({ directory: dir }).get("same")).rejects.toThrow(/defined twice/);
  });
});
