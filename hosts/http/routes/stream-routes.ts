import { PassThrough } from "node:stream";
import Router from "@koa/router";
import { invalidInput, notFound } from "../../../core/domain/errors.js";
import { parseWire } from "../wire/parse-wire.js";
import { ChatParams } from "../wire/wire-chat.js";
import type { WireLinks } from "../wire/wire-message.js";
import { sseFrame, toWireStreamEvent } from "../wire/wire-stream-event.js";
import { RunParams, RunStreamQuery, StreamQuery, fromWireStreamQuery, parseEventId } from "../wire/wire-stream-query.js";
import type { AbandonedRuns } from "../abandoned-runs.js";
import type { HttpContext, RequestState } from "../http-context.js";

/** A comment line every so often keeps idle connections open through proxies that cut silent ones. */
const HEARTBEAT_MS = 15_000;

/**
 * `GET /chats/{id}/stream` (SSE): the events of the chat's latest run — or of the run a `Last-Event-ID` / `after` names,
 * from just after that event — each with its id, live until the run ends. Events come from the run's stored log, so a
 * reconnecting client gets exactly what it missed, also after the run has completed. `GET /runs/{id}/stream` is the
 * same for a run named directly (an upload's ingestion).
 */
export function streamRoutes(links: (ctx: HttpContext) => WireLinks, abandoned: AbandonedRuns, heartbeatMs = HEARTBEAT_MS): Router<RequestState> {
  const router = new Router<RequestState>();
  router.get("/chats/:chat_id/stream", async (ctx) => {
    const { chat_id } = parseWire(ChatParams, ctx.params, "params");
    const query = fromWireStreamQuery(parseWire(StreamQuery, ctx.query, "query"), ctx.get("last-event-id") || undefined);
    // the chat is checked to be the caller's also when the client names the run to resume
    // compare mode named on the stream (as the Python client does) turns the question under way into a comparison
    const latest = query.compare && !query.resume ? await ctx.state.app.compareLatestQuestion(chat_id, query.compare) : await ctx.state.app.latestRun(chat_id);
    const runId = query.resume?.runId ?? latest;
    if (!runId) throw notFound("CHAT.NOT_FOUND", `a run of chat ${chat_id} (post a message first)`);
    const app = ctx.state.app;
    // a chat's answer nobody follows any more is cancelled, unless a newer question of the chat has its place
    const cancel = async () => (await app.latestRun(chat_id)) === runId && app.cancelRun(chat_id);
    await streamRun(ctx, runId, query.resume?.seq ?? 0, links(ctx), heartbeatMs, (id) => abandoned.follow(id, cancel));
  });
  router.get("/runs/:run_id/stream", async (ctx) => {
    const { run_id } = parseWire(RunParams, ctx.params, "params");
    const { after } = parseWire(RunStreamQuery, ctx.query, "query");
    const resume = ctx.get("last-event-id") || after;
    const from = resume ? parseEventId(resume) : undefined;
    if (from && from.runId !== run_id) throw invalidInput(`event id ${resume} is of another run`, { field: "after" });
    const app = ctx.state.app;
    // an answer every follower left is cancelled as on the chat stream; an upload's ingestion goes on
    await streamRun(ctx, run_id, from?.seq ?? 0, links(ctx), heartbeatMs, (id) => abandoned.follow(id, () => app.cancelRunById(id, { answersOnly: true })));
  });
  router.post("/runs/:run_id/cancel", async (ctx) => {
    const { run_id } = parseWire(RunParams, ctx.params, "params");
    ctx.body = { run_id, cancelled: await ctx.state.app.cancelRunById(run_id) };
  });
  return router;
}

/** Sends a run's events as SSE from just after `after`, live until the run ends or the client goes. */
async function streamRun(ctx: HttpContext, runId: string, after: number, linksOf: WireLinks, heartbeatMs: number, follow?: (runId: string) => (ended: boolean) => void): Promise<void> {
  const controller = new AbortController();
  // the first read checks the run is the caller's before any byte of the stream is sent
  const events = ctx.state.app.runEvents(runId, { after, signal: controller.signal })[Symbol.asyncIterator]();
  const first = await events.next();
  const body = new PassThrough();
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  ctx.set({ "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" });
  ctx.status = 200;
  ctx.body = body;
  const release = follow?.(runId);
  let ended = first.done === true;
  const heartbeat = setInterval(() => body.write(": keep-alive\n\n"), heartbeatMs);
  // a client gone stops the reading; the run itself goes on (another client may resume it)
  ctx.req.on("close", () => controller.abort());
  void (async () => {
    try {
      body.write("retry: 2000\n\n");
      let next = first;
      for (; !next.done; next = await events.next()) body.write(sseFrame(toWireStreamEvent(next.value, runId, linksOf)));
      ended = true;
    } catch (error) {
      if (!controller.signal.aborted) ctx.state.log.warn({ err: error, runId }, "stream ended early");
    } finally {
      clearInterval(heartbeat);
      release?.(ended);
      body.end();
    }
  })();
}
