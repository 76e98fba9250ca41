import Router from "@koa/router";
import { DomainError } from "../../../core/domain/errors.js";
import { parseWire } from "../wire/parse-wire.js";
import { ImageParams } from "../wire/wire-routes.js";
import type { HttpAppDeps } from "../http-app.js";
import type { RequestState } from "../http-context.js";

/**
 * `GET /images/{id}`: an evidence image's bytes, for its owner — with the access token, or through the short-lived
 * signed link the responses carry (for `<img>` tags and clients that download URLs as they are).
 */
export function imageRoutes(deps: HttpAppDeps): Router<RequestState> {
  const router = new Router<RequestState>();
  router.get("/images/:image_id", async (ctx) => {
    const { image_id } = parseWire(ImageParams, ctx.params, "params");
    const signedFor = deps.images.verify(image_id, ctx.query);
    let userId = signedFor;
    if (!userId) {
      const token = /^Bearer\s+(\S+)$/i.exec(ctx.get("authorization"))?.[1];
      if (!token) throw new DomainError("AUTH.UNAUTHORIZED", "an image needs the access token or a signed link that has not expired");
      userId = (await deps.tokens.verify(token)).userId;
    }
    const user = await deps.accounts.currentUser(userId);
    const { image, bytes } = await deps.forUser(user.id).getEvidenceImage(image_id);
    ctx.type = image.mimeType;
    ctx.set("Cache-Control", "private, max-age=3600");
    ctx.body = Buffer.from(bytes);
  });
  return router;
}
