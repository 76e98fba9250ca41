import { ContainerModule } from "inversify";
import { BlockIndex } from "../../core/ports/block-index.js";
import { SqlDatabase } from "./sql-database.js";
import type { SqlDriver } from "./sql-driver.js";
import { SqlBlockIndex } from "./sql-block-index.js";

/** `BlockIndex` over the container's SQL database (load after `localDatabaseModule` or `supabaseModule`). */
export function sqlBlockIndexModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<BlockIndex>(BlockIndex)
      .toDynamicValue(async (context) => new SqlBlockIndex(await context.getAsync<SqlDriver>(SqlDatabase)))
      .inSingletonScope();
  });
}
