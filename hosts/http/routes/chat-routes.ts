import Router from "@koa/router";
import type { UserApplication } from "../../../core/application/aizoomdoc-api.js";
import type { ChatMessage } from "../../../core/domain/chat.js";
import type { EvidenceImage } from "../../../core/domain/evidence.js";
import { parseWire } from "../wire/parse-wire.js";
import { ChatListQuery, ChatParams, CreateChatBody, RenameChatBody, fromWireCreateChat, toWireChat, toWireChatDetail, wireChatListJson } from "../wire/wire-chat.js";
import { MessagePageQuery, IdempotencyHeaders, PostMessageBody, fromWirePostMessage, toWireMessagePage, toWirePostedMessage, type WireLinks } from "../wire/wire-message.js";
import type { HttpContext, RequestState } from "../http-context.js";

/** The evidence images of a chat's messages, read once per request. */
/** Each message's evidence image records, from one listing of the chat's images (no image bytes are read). */
async function imagesByMessage(app: UserApplication, chatId: string, messages: readonly ChatMessage[]): Promise<(messageId: string) => EvidenceImage[]> {
  const images = new Map((await app.listChatImages(chatId)).map((image) => [image.id, image] as const));
  const byMessage = new Map(messages.map((m) => [m.id, m.answer?.evidence_image_ids ?? []] as const));
  return (messageId) => (byMessage.get(messageId) ?? []).map((id) => images.get(id)).filter((image): image is EvidenceImage => image !== undefined);
}

/** Chats and their messages (DESIGN §7): a posted message returns at once, its answer streams from /stream. */
export function chatRoutes(links: (ctx: HttpContext) => WireLinks): Router<RequestState> {
  const router = new Router<RequestState>();
  router.get("/chats", async (ctx) => {
    const { limit } = parseWire(ChatListQuery, ctx.query, "query");
    ctx.type = "application/json";
    ctx.body = wireChatListJson(await ctx.state.app.listChats(limit !== undefined ? { limit } : {}));
  });
  router.post("/chats", async (ctx) => {
    const body = parseWire(CreateChatBody, ctx.request.body, "body");
    ctx.status = 201;
    ctx.body = toWireChat(await ctx.state.app.createChat(fromWireCreateChat(body)));
  });
  router.get("/chats/:chat_id", async (ctx) => {
    const { chat_id } = parseWire(ChatParams, ctx.params, "params");
    const { chat, messages, nextBefore } = await ctx.state.app.getChat(chat_id);
    ctx.body = toWireChatDetail(chat, { messages, ...(nextBefore !== undefined ? { nextBefore } : {}) }, await imagesByMessage(ctx.state.app, chat_id, messages), links(ctx));
  });
  router.patch("/chats/:chat_id", async (ctx) => {
    const { chat_id } = parseWire(ChatParams, ctx.params, "params");
    const { title } = parseWire(RenameChatBody, ctx.request.body, "body");
    ctx.body = toWireChat(await ctx.state.app.renameChat(chat_id, title));
  });
  router.delete("/chats/:chat_id", async (ctx) => {
    const { chat_id } = parseWire(ChatParams, ctx.params, "params");
    await ctx.state.app.deleteChat(chat_id);
    ctx.status = 202;
    ctx.body = { message: "Deletion scheduled", chat_id };
  });
  router.post("/chats/:chat_id/cancel", async (ctx) => {
    const { chat_id } = parseWire(ChatParams, ctx.params, "params");
    ctx.body = { chat_id, cancelled: await ctx.state.app.cancelRun(chat_id) };
  });
  router.get("/chats/:chat_id/messages", async (ctx) => {
    const { chat_id } = parseWire(ChatParams, ctx.params, "params");
    const query = parseWire(MessagePageQuery, ctx.query, "query");
    const page = await ctx.state.app.listMessages(chat_id, query);
    ctx.body = toWireMessagePage(page, await imagesByMessage(ctx.state.app, chat_id, page.messages), links(ctx));
  });
  router.post("/chats/:chat_id/messages", async (ctx) => {
    const { chat_id } = parseWire(ChatParams, ctx.params, "params");
    const posted = fromWirePostMessage(parseWire(PostMessageBody, ctx.request.body, "body"));
    const key = ctx.get("idempotency-key") ? parseWire(IdempotencyHeaders, { "idempotency-key": ctx.get("idempotency-key") }, "headers")["idempotency-key"] : posted.clientMessageId;
    const answer = await ctx.state.app.postMessage(chat_id, {
      content: posted.content,
      documentIds: posted.attachedDocumentIds,
      ...(posted.compare ? { compare: posted.compare } : {}),
      ...(key ? { clientMessageId: key } : {}),
    });
    ctx.status = 201;
    ctx.set("X-Run-Id", answer.runId);
    ctx.body = toWirePostedMessage(answer, links(ctx));
  });
  return router;
}
