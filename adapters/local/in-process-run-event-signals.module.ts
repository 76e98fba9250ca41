import { ContainerModule } from "inversify";
import { ChatListChanges } from "../../core/ports/chat-list-changes.js";
import { FollowerPresence } from "../../core/ports/follower-presence.js";
import { RunEventSignals } from "../../core/ports/run-event-signals.js";
import { InProcessChatListChanges, InProcessFollowerPresence, InProcessRunEventSignals } from "./in-process-run-event-signals.js";

/** `RunEventSignals`, `FollowerPresence` and `ChatListChanges` within this process: all the embedded database (one process's) needs. */
export function inProcessRunEventSignalsModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<RunEventSignals>(RunEventSignals).toConstantValue(new InProcessRunEventSignals());
    bind<FollowerPresence>(FollowerPresence).toConstantValue(new InProcessFollowerPresence());
    bind<ChatListChanges>(ChatListChanges).toConstantValue(new InProcessChatListChanges());
  });
}
