import { ContainerModule } from "inversify";
import { FollowerPresence } from "../../core/ports/follower-presence.js";
import { RunEventSignals } from "../../core/ports/run-event-signals.js";
import { InProcessFollowerPresence, InProcessRunEventSignals } from "./in-process-run-event-signals.js";

/** `RunEventSignals` and `FollowerPresence` within this process: all the embedded database (one process's) needs. */
export function inProcessRunEventSignalsModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<RunEventSignals>(RunEventSignals).toConstantValue(new InProcessRunEventSignals());
    bind<FollowerPresence>(FollowerPresence).toConstantValue(new InProcessFollowerPresence());
  });
}
