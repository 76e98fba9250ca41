import { InMemoryPromptLibrary } from "./in-memory-prompt-library.js";
import { describePromptLibraryContract } from "./prompt-library.contract.js";

describePromptLibraryContract("InMemoryPromptLibrary", async (templates) => new InMemoryPromptLibrary(templates));
