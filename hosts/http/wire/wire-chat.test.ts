import { describe, expect, it } from "vitest";
import { parseWire } from "./parse-wire.js";
import { ChatParams, CreateChatBody, RenameChatBody, WireChat, WireChatDetail, fromWireCreateChat, toWireChat, toWireChatDetail, wireChatListJson } from "./wire-chat.js";
import { MessagePageQuery, PostMessageBody, WireMessage, WireMessagePage, toWireMessage, toWireMessagePage } from "./wire-message.js";
import { wireUuid } from "./wire-uuid.js";
import { domainErrorOf } from "../../../core/ports/testing/domain-error-of.js";
import { answer, chat, links, question, reply, roi } from "./testing/wire-fixtures.js";

describe("chats on the wire", () => {
  it("toWireChat keeps the chat's scope and leaves internal metadata out", async () => {
    const wire = WireChat.parse(toWireChat(chat));
    expect(wire).toEqual({
      id: chat.id,
      title: chat.title,
      description: null,
      user_id: chat.ownerId,
      is_archived: false,
      document_ids: chat.documentIds,
      created_at: chat.createdAt,
      updated_at: chat.updatedAt,
    });
    expect(wire).not.toHaveProperty("metadata");
  });

  it("wireChatListJson sends the wire chats, and a list that is not frozen as it is now, changes and all", async () => {
    const frozen = Object.freeze([Object.freeze({ ...chat })]);
    expect(JSON.parse(wireChatListJson(frozen))).toEqual([toWireChat(chat)]);
    expect(JSON.parse(wireChatListJson(frozen))).toEqual([toWireChat(chat)]);
    const open = [{ ...chat }];
    expect(JSON.parse(wireChatListJson(open))[0].title).toBe(chat.title);
    open[0]!.title = "Переименован";
    expect(JSON.parse(wireChatListJson(open))[0].title).toBe("Переименован");
  });

  it("toWireChatDetail repeats the chat at the top level and pages back with next_before", async () => {
    const detail = WireChatDetail.parse(toWireChatDetail(chat, { messages: [question, reply], nextBefore: 1 }, () => [], links));
    expect(detail.chat).toEqual(toWireChat(chat));
    expect(detail.id).toBe(chat.id);
    expect(detail.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(detail.next_before).toBe(1);
  });

  it("create, rename and path params refuse what they do not know", async () => {
    expect(fromWireCreateChat(parseWire(CreateChatBody, { title: "  АР4  ", document_ids: ["doc-1"] }, "body"))).toEqual({ title: "АР4", documentIds: ["doc-1"] });
    expect((await domainErrorOf(() => parseWire(CreateChatBody, { title: "x", user_id: "someone-else" }, "body"))).message).toMatch(/user_id/);
    expect((await domainErrorOf(() => parseWire(RenameChatBody, { title: "   " }, "body"))).message).toMatch(/^body\.title/);
    expect((await domainErrorOf(() => parseWire(ChatParams, { chat_id: "../etc" }, "params"))).message).toMatch(/^params\.chat_id/);
  });
});

describe("messages on the wire", () => {
  it("carries the whole structured answer, the model and the status", async () => {
    const wire = WireMessage.parse(toWireMessage(reply, [roi], links));
    expect(wire).toMatchObject({ role: "assistant", model: "gemini-pro", status: "complete", answer, error: null, seq: 2 });
  });

  it("gives each image a stable UUID, keeps our id, and links to our image route when it has no URL", async () => {
    const [image] = toWireMessage(reply, [roi], links).images;
    expect(image).toEqual({
      id: wireUuid(roi.id),
      image_id: roi.id,
      file_id: null,
      image_type: "roi",
      description: null,
      width: 1800,
      height: 1200,
      url: links.imageUrl(roi.id),
      document_id: roi.documentId,
      block_id: "A1B2-C3D4-E5F",
      page: 3,
      bbox: [0.1, 0.2, 0.3, 0.4],
      dpi: 300,
    });
    expect(toWireMessage(reply, [{ ...roi, url: "https://r2.example/x.png" }], links).images[0]!.url).toBe("https://r2.example/x.png");
  });

  it("keeps a failed run's error without its retry flag", async () => {
    const failed = { ...reply, status: "error" as const, answer: undefined, error: { code: "LLM.TIMEOUT" as const, message: "timed out", isRetryable: true } };
    expect(toWireMessage(failed, [], links)).toMatchObject({ status: "error", answer: null, error: { code: "LLM.TIMEOUT", message: "timed out" } });
    expect(toWireMessage(failed, [], links).error).not.toHaveProperty("isRetryable");
  });

  it("pages history, with null past the oldest page", async () => {
    const page = WireMessagePage.parse(toWireMessagePage({ messages: [question] }, () => [], links));
    expect(page.next_before).toBeNull();
    expect(parseWire(MessagePageQuery, { limit: "20", before: "41" }, "query")).toEqual({ limit: 20, before: 41 });
    expect((await domainErrorOf(() => parseWire(MessagePageQuery, { limit: "0" }, "query"))).code).toBe("VALIDATION.INVALID_INPUT");
    expect((await domainErrorOf(() => parseWire(MessagePageQuery, { limit: "ten" }, "query"))).code).toBe("VALIDATION.INVALID_INPUT");
  });

  it("a posted message must say something and may not carry fields the client never sends", async () => {
    expect((await domainErrorOf(() => parseWire(PostMessageBody, { content: "   " }, "body"))).message).toMatch(/^body\.content/);
    expect((await domainErrorOf(() => parseWire(PostMessageBody, { content: "?", role: "assistant" }, "body"))).message).toMatch(/role/);
    expect(parseWire(PostMessageBody, { content: "?", google_file_uris: ["https://files.example/a"] }, "body").google_file_uris).toHaveLength(1);
  });
});
