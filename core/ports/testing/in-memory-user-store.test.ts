import { InMemoryUserStore } from "./in-memory-user-store.js";
import { describeUserStoreContract } from "./user-store.contract.js";

describeUserStoreContract("InMemoryUserStore", async () => new InMemoryUserStore());
