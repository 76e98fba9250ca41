import { invalidInput } from "../../domain/errors.js";
import type { PromptLibrary, PromptTemplate, PromptTemplateSummary } from "../prompt-library.js";

const PLACEHOLDER = /\{\{([a-z_]+)\}\}/g;

/** Verified fake of `PromptLibrary` over templates given up front; the placeholders are the variables a template needs. */
export class InMemoryPromptLibrary implements PromptLibrary {
  private readonly templates: Map<string, PromptTemplate>;

  constructor(templates: PromptTemplate[]) {
    this.templates = new Map(templates.map((t) => [t.id, { ...t }]));
  }

  async list(): Promise<PromptTemplateSummary[]> {
    return [...this.templates.values()].map(({ id, version }) => ({ id, version })).sort((a, b) => a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<PromptTemplate> {
    const template = this.templates.get(id);
    if (!template) throw invalidInput(`prompt "${id}" does not exist`);
    return { ...template };
  }

  async render(id: string, variables: Record<string, string>): Promise<string> {
    const { body } = await this.get(id);
    const missing = [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!))].filter((v) => variables[v] === undefined);
    if (missing.length > 0) throw invalidInput(`prompt "${id}" needs variables: ${missing.join(", ")}`);
    return body.replace(PLACEHOLDER, (_match, name: string) => variables[name]!);
  }
}
