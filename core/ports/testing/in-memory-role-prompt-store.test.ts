import { InMemoryRolePromptStore } from "./in-memory-role-prompt-store.js";
import { describeRolePromptStoreContract } from "./role-prompt-store.contract.js";

describeRolePromptStoreContract("InMemoryRolePromptStore", async () => new InMemoryRolePromptStore());
