import { ContainerModule } from "inversify";
import { PromptLibrary } from "../../core/ports/prompt-library.js";
import { FilePromptLibrary, bundledPromptsDirectory } from "./file-prompt-library.js";
import type { FilePromptLibraryConfig } from "./file-prompt-library.config.js";

/** Binds the PromptLibrary port to the prompt files (the bundled folder unless a directory is given). */
export function filePromptLibraryModule(config?: FilePromptLibraryConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<PromptLibrary>(PromptLibrary).toConstantValue(new FilePromptLibrary(config ?? { directory: bundledPromptsDirectory() }));
  });
}
