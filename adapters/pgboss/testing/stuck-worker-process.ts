// A worker instance in a process of its own, for the takeover test: `<url> <queueName>`. Its handler says which job it
// started on stdout and never returns, so the only way the job ends is another instance taking it over.
import { PgBossJobQueue } from "../pg-boss-job-queue.js";

const [url, queueName] = process.argv.slice(2);
if (!url || !queueName) throw new Error("usage: stuck-worker-process <postgres url> <queue name>");
const queue = new PgBossJobQueue({ url, maxConnections: 2 }, { queueName }, () => undefined);
queue.work("answer", (job) => {
  process.stdout.write(`started ${job.id}\n`);
  return new Promise<void>(() => undefined);
});
await queue.start();
process.stdout.write("ready\n");
