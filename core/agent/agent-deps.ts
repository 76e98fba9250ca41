import type { AizoomdocApi } from "../application/aizoomdoc-api.js";
import type { Block } from "../domain/block.js";
import type { BlockIndexCandidate, BlockIndexQuery } from "../domain/block-index.js";
import type { LanguageModel } from "../ports/language-model.js";
import type { PromptLibrary } from "../ports/prompt-library.js";

/**
 * What the pipeline needs, already scoped to one owner. Documents, search and rendering are the application's
 * own use cases, so the agent sees exactly what the user may see; without a model it runs evidence-only.
 */
export interface AgentDeps {
  documents: Pick<AizoomdocApi, "getDocument" | "getBlocks">;
  search: Pick<AizoomdocApi, "search">;
  evidence: Pick<AizoomdocApi, "render">;
  prompts: PromptLibrary;
  model?: LanguageModel;
  /**
   * The block index of drawings (DESIGN §5), best first. Its entries' titles and summaries caption drawings that
   * carry no text of their own, so retrieval can offer them; absent = text search only.
   */
  blockIndex?: { candidateBlocks(query: BlockIndexQuery): Promise<Array<BlockIndexCandidate & { block: Block }>> };
  /** Milliseconds clock, injectable so timings are testable. */
  now?: () => number;
}
