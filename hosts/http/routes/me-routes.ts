import Router from "@koa/router";
import { parseWire } from "../wire/parse-wire.js";
import { RolesQuery, toWirePrompts, toWireRole } from "../wire/wire-role.js";
import { ModelKeyBody, SettingsPatchBody, fromWireModelKey, fromWireSettingsPatch, toWireMe, toWireSettings } from "../wire/wire-settings.js";
import type { HttpAppDeps } from "../http-app.js";
import type { HttpContext, RequestState } from "../http-context.js";

/** The signed-in user, their settings (all seven fields, persisted and applied), their own model key and the roles they can pick. */
export function meRoutes(deps: HttpAppDeps): Router<RequestState> {
  const router = new Router<RequestState>();
  router.get("/me", async (ctx) => {
    ctx.body = toWireMe(ctx.state.user, await ctx.state.app.getSettings());
  });
  const updateSettings = async (ctx: HttpContext) => {
    const body = parseWire(SettingsPatchBody, ctx.request.body, "body");
    const patch = fromWireSettingsPatch(body, await ctx.state.app.listRoles());
    ctx.body = toWireSettings(await ctx.state.app.updateSettings(patch));
  };
  router.patch("/me/settings", updateSettings);
  // the seed's name for the same call
  router.post("/settings", updateSettings);
  router.put("/me/model-key", async (ctx) => {
    ctx.body = toWireSettings(await ctx.state.app.setModelKey(fromWireModelKey(parseWire(ModelKeyBody, ctx.request.body, "body"))));
  });
  router.delete("/me/model-key", async (ctx) => {
    ctx.body = toWireSettings(await ctx.state.app.setModelKey(null));
  });
  router.get("/prompts/roles", async (ctx) => {
    const { active_only } = parseWire(RolesQuery, ctx.query, "query");
    const roles = (await ctx.state.app.listRoles()).filter((role) => !active_only || role.isActive);
    ctx.body = roles.map((role) => toWireRole(role, deps.startedAt));
  });
  router.get("/prompts", async (ctx) => {
    const [templates, roles] = await Promise.all([ctx.state.app.listSystemPrompts(), ctx.state.app.listRoles()]);
    ctx.body = toWirePrompts(templates, roles, deps.startedAt);
  });
  return router;
}
