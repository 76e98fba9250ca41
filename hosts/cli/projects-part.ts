import { Container } from "inversify";
import type { AizoomdocApi } from "../../core/application/aizoomdoc-api.js";
import type { ApplicationParts } from "../../core/application/local-application.js";
import { ProjectService } from "../../core/application/project-service.js";
import { DomainError } from "../../core/domain/errors.js";
import { BlobStorage } from "../../core/ports/blob-storage.js";
import { ProjectCatalog } from "../../core/ports/project-catalog.js";
import { r2BlobStorageModule } from "../../adapters/r2/r2.module.js";
import type { ProjectsEnvironment } from "./env.js";

const DB_SETTINGS = "AIZOOMDOC_PROJECTS_SUPABASE_URL and AIZOOMDOC_PROJECTS_SUPABASE_KEY, or AIZOOMDOC_PROJECTS_DATABASE_URL";
const BUCKET_SETTINGS =
  "AIZOOMDOC_PROJECTS_S3_BUCKET, AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID and AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY (and AIZOOMDOC_PROJECTS_S3_ENDPOINT for R2)";

/**
 * The `projects` part of the CLI's application: the deployment's Projects DB and bucket live in a container of their
 * own, because the bucket is a second BlobStorage beside ours. Nothing connects until a projects call needs it.
 */
export function projectsPart(
  env: ProjectsEnvironment | undefined,
  importer: Pick<AizoomdocApi, "importDocument">,
): { part: ApplicationParts["projects"]; close: () => Promise<void> } {
  const container = new Container({ defaultScope: "Singleton" });
  if (env?.s3) container.load(r2BlobStorageModule(env.s3));
  let catalogLoaded: Promise<void> | undefined;
  const part = new ProjectService({
    catalog: async () => {
      if (!env) throw new DomainError("PROJECTS.NOT_CONFIGURED", `no Projects DB is configured: set ${DB_SETTINGS}`);
      // imported on first use: supabase-js prints a deprecation notice on Node 20 when loaded, on every command otherwise
      catalogLoaded ??= import("../../adapters/supabase/project-catalog.module.js").then(({ projectCatalogModule }) => {
        container.load(projectCatalogModule(env.db));
      });
      await catalogLoaded;
      return container.getAsync<ProjectCatalog>(ProjectCatalog);
    },
    source: () => {
      if (!env?.s3) throw new DomainError("PROJECTS.NOT_CONFIGURED", `no bucket of the deployment is configured to download its files from: set ${BUCKET_SETTINGS}`);
      return container.get<BlobStorage>(BlobStorage);
    },
    importer,
  });
  // async deactivation closes the Postgres pool and the bucket's sockets
  return { part, close: () => container.unbindAllAsync() };
}
