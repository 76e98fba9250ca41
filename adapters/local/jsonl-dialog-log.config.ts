import { z } from "zod";

/** The opt-in dialog log: one JSON-lines file per chat in a folder (`<dataDir>/logs`). */
export const JsonlDialogLogConfig = z.object({
  dir: z.string().min(1),
});

export type JsonlDialogLogConfig = z.infer<typeof JsonlDialogLogConfig>;
