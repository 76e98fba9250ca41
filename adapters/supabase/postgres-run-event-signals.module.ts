import { ContainerModule } from "inversify";
import { RunEventSignals } from "../../core/ports/run-event-signals.js";
import type { PostgresConfig } from "./postgres.config.js";
import { PostgresRunEventSignals } from "./postgres-run-event-signals.js";

/** `RunEventSignals` over the Postgres server's LISTEN/NOTIFY: listening on first resolve, closed on unbind. */
export function postgresRunEventSignalsModule(config: PostgresConfig, warn: (message: string) => void): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<RunEventSignals>(RunEventSignals)
      .toDynamicValue(() => PostgresRunEventSignals.open(config, { warn }))
      .inSingletonScope()
      .onDeactivation((signals) => (signals as PostgresRunEventSignals).close());
  });
}
