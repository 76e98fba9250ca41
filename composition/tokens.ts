/** Tokens of what the composition root binds beside the ports (each port's own token lives with the port). */

/** `() => Promise<SecretBox>`: seals and opens stored secrets; the key file is made only when first needed. */
export const SecretBoxSource = Symbol.for("aizoomdoc.SecretBoxSource");
/** The `BlobStorage` of an existing deployment's bucket, which a Projects DB sync downloads from (read only). */
export const ProjectsSourceStorage = Symbol.for("aizoomdoc.ProjectsSourceStorage");
/** The applications acting for each caller (`forUser`), and the queue their posted questions wait in. */
export const UserApplicationFactory = Symbol.for("aizoomdoc.UserApplicationFactory");
/** `UserAdminService`: the deployment's users as its operator manages them. */
export const UserAdminServiceToken = Symbol.for("aizoomdoc.UserAdminService");
/** `SignInService`: exchanges a static token for its user and re-checks signed-in users. */
export const SignInServiceToken = Symbol.for("aizoomdoc.SignInService");
/** `SharedAdapters`: the deployment's opened adapters, injected into every caller's application. */
export const SharedAdaptersToken = Symbol.for("aizoomdoc.SharedAdapters");
/** `() => Promise<ProjectCatalog>`: the Projects DB, resolved (and connected) on its first use. */
export const ProjectCatalogSource = Symbol.for("aizoomdoc.ProjectCatalogSource");
/** `() => Promise<JobQueue>`: the deployment's job queue, opened (and started) on its first use. */
export const JobQueueSource = Symbol.for("aizoomdoc.JobQueueSource");
/** `(baseUrl) => LanguageModel`: the model at a user's own OpenAI-compatible server; bound only for that provider. */
export const UserServerModels = Symbol.for("aizoomdoc.UserServerModels");
