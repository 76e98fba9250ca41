import { describeDialogLogContract } from "./dialog-log.contract.js";
import { InMemoryDialogLog } from "./in-memory-dialog-log.js";

describeDialogLogContract("InMemoryDialogLog", async () => new InMemoryDialogLog());
