import { ContainerModule } from "inversify";
import { RenderCache } from "../../core/ports/render-cache.js";
import type { DiskRenderCacheConfig } from "./disk-render-cache.config.js";
import { DiskRenderCache } from "./disk-render-cache.js";

/** Binds the render cache to a folder on the local disk (its index is rebuilt when the container resolves it). */
export function diskRenderCacheModule(config: Partial<DiskRenderCacheConfig> & { dir: string }): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<RenderCache>(RenderCache)
      .toDynamicValue(() => DiskRenderCache.open(config))
      .inSingletonScope();
  });
}
