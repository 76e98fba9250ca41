import { ContainerModule } from "inversify";
import { ChatListChanges } from "../../core/ports/chat-list-changes.js";
import { FollowerPresence } from "../../core/ports/follower-presence.js";
import { RunEventSignals } from "../../core/ports/run-event-signals.js";
import type { PostgresConfig } from "./postgres.config.js";
import type { PostgresRunEventSignals } from "./postgres-run-event-signals.js";

/** The one connection's adapter, bound once and served as both ports. */
const Notifications = Symbol.for("aizoomdoc.PostgresRunEventSignals");

/**
 * `RunEventSignals`, `FollowerPresence` and `ChatListChanges` over the Postgres server's LISTEN/NOTIFY, one connection for all:
 * listening on first resolve, closed on unbind. The Postgres client loads then too: local mode never needs it.
 */
export function postgresRunEventSignalsModule(config: PostgresConfig, warn: (message: string) => void): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<PostgresRunEventSignals>(Notifications)
      .toDynamicValue(async () => (await import("./postgres-run-event-signals.js")).PostgresRunEventSignals.open(config, { warn }))
      .inSingletonScope()
      .onDeactivation((signals) => signals.close());
    bind<RunEventSignals>(RunEventSignals).toService(Notifications);
    bind<FollowerPresence>(FollowerPresence).toService(Notifications);
    bind<ChatListChanges>(ChatListChanges).toService(Notifications);
  });
}
