import { z } from "zod";

export const FilePromptLibraryConfig = z.object({
  /** Folder of `*.md` prompt files with front-matter (`id`, `version`, `variables`). */
  directory: z.string().min(1),
});

export type FilePromptLibraryConfig = z.infer<typeof FilePromptLibraryConfig>;
