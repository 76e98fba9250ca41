import { ContainerModule } from "inversify";
import { RunEventSignals } from "../../core/ports/run-event-signals.js";
import { InProcessRunEventSignals } from "./in-process-run-event-signals.js";

/** `RunEventSignals` within this process: all the embedded database (one process's) needs. */
export function inProcessRunEventSignalsModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<RunEventSignals>(RunEventSignals).toConstantValue(new InProcessRunEventSignals());
  });
}
