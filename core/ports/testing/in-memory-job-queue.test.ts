import { InMemoryJobQueue } from "./in-memory-job-queue.js";
import { describeJobQueueContract } from "./job-queue.contract.js";

describeJobQueueContract("InMemoryJobQueue", async () => new InMemoryJobQueue());
