import { readdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DomainError, invalidInput } from "../../core/domain/errors.js";
import type { PromptLibrary, PromptTemplate, PromptTemplateSummary } from "../../core/ports/prompt-library.js";
import { FilePromptLibraryConfig } from "./file-prompt-library.config.js";

const FrontMatter = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "id must be kebab-case"),
  version: z.coerce.number().int().min(1),
  variables: z.array(z.string().regex(/^[a-z_]+$/)).default([]),
});

interface LoadedPrompt extends PromptTemplate {
  variables: string[];
}

/** Prompt templates read once from a folder of markdown files with a small front-matter block. */
export class FilePromptLibrary implements PromptLibrary {
  private loaded?: Promise<Map<string, LoadedPrompt>>;
  private readonly directory: string;

  constructor(config: FilePromptLibraryConfig) {
    this.directory = FilePromptLibraryConfig.parse(config).directory;
  }

  async get(id: string): Promise<PromptTemplate> {
    const prompt = (await this.all()).get(id);
    if (!prompt) throw invalidInput(`prompt "${id}" does not exist in ${this.directory}`);
    return { id: prompt.id, version: prompt.version, body: prompt.body };
  }

  async render(id: string, variables: Record<string, string>): Promise<string> {
    const prompt = (await this.all()).get(id);
    if (!prompt) throw invalidInput(`prompt "${id}" does not exist in ${this.directory}`);
    const missing = prompt.variables.filter((v) => variables[v] === undefined);
    if (missing.length > 0) throw invalidInput(`prompt "${id}" needs variables: ${missing.join(", ")}`);
    return prompt.body.replace(/\{\{([a-z_]+)\}\}/g, (_match, name: string) => variables[name]!);
  }

  async list(): Promise<PromptTemplateSummary[]> {
    return [...(await this.all()).values()].map(({ id, version }) => ({ id, version })).sort((a, b) => a.id.localeCompare(b.id));
  }

  private all(): Promise<Map<string, LoadedPrompt>> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private async load(): Promise<Map<string, LoadedPrompt>> {
    let names: string[];
    try {
      names = (await readdir(this.directory)).filter((n) => n.endsWith(".md")).sort();
    } catch (cause) {
      throw new DomainError("INTERNAL", `prompt folder ${this.directory} cannot be read`, { cause });
    }
    const prompts = new Map<string, LoadedPrompt>();
    for (const name of names) {
      const prompt = parsePromptFile(name, await readFile(join(this.directory, name), "utf8"));
      if (prompts.has(prompt.id)) throw new DomainError("INTERNAL", `prompt id "${prompt.id}" is defined twice (${name})`);
      prompts.set(prompt.id, prompt);
    }
    return prompts;
  }
}

export function parsePromptFile(name: string, text: string): LoadedPrompt {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) throw new DomainError("INTERNAL", `prompt file ${name} has no front-matter block`);
  const fields: Record<string, unknown> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const kv = /^([a-z_]+):\s*(.*)$/.exec(line.trim());
    if (!kv) continue;
    const value = kv[2]!.trim();
    fields[kv[1]!] = value.startsWith("[")
      ? value
          .slice(1, -1)
          .split(",")
          .map((v) => v.trim())
          .filter((v) => v.length > 0)
      : value;
  }
  const parsed = FrontMatter.safeParse(fields);
  if (!parsed.success) throw new DomainError("INTERNAL", `prompt file ${name}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  const body = match[2]!.trim();
  const used = new Set([...body.matchAll(/\{\{([a-z_]+)\}\}/g)].map((m) => m[1]!));
  const undeclared = [...used].filter((v) => !parsed.data.variables.includes(v));
  if (undeclared.length > 0) throw new DomainError("INTERNAL", `prompt file ${name} uses undeclared variables: ${undeclared.join(", ")}`);
  return { id: parsed.data.id, version: parsed.data.version, body, variables: parsed.data.variables };
}

/** The `prompts/` folder shipped with the package, found from a module inside it (source or compiled). */
export function bundledPromptsDirectory(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    if (existsSync(join(dir, "prompts", "system.md")) && existsSync(join(dir, "package.json"))) return join(dir, "prompts");
    const parent = dirname(dir);
    if (parent === dir) throw new DomainError("INTERNAL", "the bundled prompts folder was not found");
    dir = parent;
  }
}
