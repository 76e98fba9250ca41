export interface PromptTemplate {
  id: string;
  version: number;
  /** Template text with `{{variable}}` placeholders. */
  body: string;
}

export const PromptLibrary = Symbol.for("aizoomdoc.PromptLibrary");

/** Prompt templates kept as versioned data files. Throws `VALIDATION.INVALID_INPUT` for an unknown id. */
export interface PromptLibrary {
  get(id: string): Promise<PromptTemplate>;
  render(id: string, variables: Record<string, string>): Promise<string>;
}
