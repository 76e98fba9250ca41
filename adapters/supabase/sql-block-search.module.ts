import { ContainerModule } from "inversify";
import { BlockSearch } from "../../core/ports/block-search.js";
import { indexUnsearchedBlocks, writeBlockSearchRows } from "./block-search-rows.js";
import { SqlBlocksWrittenHook, SqlDatabase } from "./sql-database.js";
import type { SqlDriver } from "./sql-driver.js";
import { SqlBlockSearch } from "./sql-block-search.js";

/**
 * `BlockSearch` over the container's SQL database, and the hook that indexes blocks in the transaction that
 * saves them. Load after `localDatabaseModule` or `supabaseModule` and before anything resolves `DocumentStore`.
 */
export function sqlBlockSearchModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SqlBlocksWrittenHook).toConstantValue(writeBlockSearchRows);
    bind<BlockSearch>(BlockSearch)
      .toDynamicValue(async (context) => {
        const db = await context.getAsync<SqlDriver>(SqlDatabase);
        // blocks saved before the search index existed become searchable once, on first use
        await indexUnsearchedBlocks(db);
        return new SqlBlockSearch(db);
      })
      .inSingletonScope();
  });
}
