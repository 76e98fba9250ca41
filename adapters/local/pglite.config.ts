import { join } from "node:path";
import { z } from "zod";

/** The embedded database lives in `<dataDir>/db`, locked through `<dataDir>/db.lock` while open. */
export const PgliteConfig = z.object({ dataDir: z.string().min(1) });

export type PgliteConfig = z.input<typeof PgliteConfig>;

export const pgliteDatabaseDir = (config: PgliteConfig) => join(PgliteConfig.parse(config).dataDir, "db");
