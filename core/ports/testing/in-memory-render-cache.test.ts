import { InMemoryRenderCache } from "./in-memory-render-cache.js";
import { describeRenderCacheContract } from "./render-cache.contract.js";

describeRenderCacheContract("InMemoryRenderCache", async (limits) => ({ cache: new InMemoryRenderCache(limits) }), { persistent: false });
