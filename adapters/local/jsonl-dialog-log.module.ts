import { ContainerModule } from "inversify";
import { DialogLog } from "../../core/ports/dialog-log.js";
import type { JsonlDialogLogConfig } from "./jsonl-dialog-log.config.js";
import { JsonlDialogLog } from "./jsonl-dialog-log.js";

/** Binds the opt-in dialog log to JSON-lines files in a folder. */
export function jsonlDialogLogModule(config: JsonlDialogLogConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<DialogLog>(DialogLog).toConstantValue(new JsonlDialogLog(config));
  });
}
