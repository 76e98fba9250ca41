import { InMemoryJobQueue, InMemoryJobStore } from "./in-memory-job-queue.js";
import { describeJobQueueContract } from "./job-queue.contract.js";

describeJobQueueContract("InMemoryJobQueue", async (limits) => {
  const store = new InMemoryJobStore();
  return { open: async () => new InMemoryJobQueue(store, limits) };
});
