export interface PromptTemplate {
  id: string;
  version: number;
  /** Template text with `{{variable}}` placeholders (names of lowercase letters and underscores). */
  body: string;
}

/** What a listing names of a template: which one, in which version. */
export type PromptTemplateSummary = Pick<PromptTemplate, "id" | "version">;

export const PromptLibrary = Symbol.for("aizoomdoc.PromptLibrary");

/**
 * Prompt templates kept as versioned data files.
 *
 * Contract:
 * - `list` names every template (id and version), sorted by id.
 * - `get` returns a template as stored: its id, its version (an integer ≥ 1) and its body with the placeholders.
 * - `render` replaces every placeholder in the body with its variable's value, taken literally: inserted text is
 *   not scanned again and `$` patterns mean nothing. Variables the template does not use are ignored.
 * - Both throw `VALIDATION.INVALID_INPUT` naming the id for an unknown id; `render` throws it naming the variable
 *   when a placeholder's variable is missing (an empty string is a value).
 */
export interface PromptLibrary {
  list(): Promise<PromptTemplateSummary[]>;
  get(id: string): Promise<PromptTemplate>;
  render(id: string, variables: Record<string, string>): Promise<string>;
}
