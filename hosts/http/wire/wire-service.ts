import { z } from "zod";

/** `GET /health`, unauthenticated (the reference's shape; its CLI prints `status` and `version`). */
export const WireHealth = z.object({ status: z.literal("healthy"), version: z.string(), service: z.string() }).meta({ id: "Health" });

/** `GET /`: where the rest is. */
export const WireServiceInfo = z
  .object({ service: z.string(), version: z.string(), docs: z.string(), health: z.string(), openapi: z.string() })
  .meta({ id: "ServiceInfo" });

/** A body-less answer that says what happened (`POST /auth/logout`). */
export const WireNotice = z.object({ message: z.string() }).meta({ id: "Notice" });

/** Routes that take no body accept an empty JSON object (what a body parser yields for none) and nothing else. */
export const EmptyBody = z.strictObject({});

export type WireHealth = z.infer<typeof WireHealth>;
export type WireServiceInfo = z.infer<typeof WireServiceInfo>;
