import { parse as parseQueryString } from "node:querystring";
import { describe, expect, it } from "vitest";
import { toWireToken, ExchangeBody } from "./wire-auth.js";
import { ChatListQuery, CreateChatBody, fromWireCreateChat, toWireChat, toWireChatDetail } from "./wire-chat.js";
import { toWireError } from "./wire-error.js";
import { toWireFile, toWireFileUpload } from "./wire-file.js";
import { PostMessageBody, fromWirePostMessage, toWireMessage } from "./wire-message.js";
import { parseWire } from "./parse-wire.js";
import { SearchQuery, TreeQuery, fromWireSearchQuery, fromWireTreeQuery, toWireDocumentResults, toWireTreeNode } from "./wire-project.js";
import { RolesQuery, roleWireId, toWireRole } from "./wire-role.js";
import { EmptyBody } from "./wire-service.js";
import { SettingsPatchBody, fromWireSettingsPatch, toWireMe, toWireSettings } from "./wire-settings.js";
import { StreamQuery, fromWireStreamQuery } from "./wire-stream-query.js";
import { sseFrame, toWireStreamEvent } from "./wire-stream-event.js";
import * as Python from "./testing/python-client-models.js";
import { answer, chat, documentNode, links, question, reply, resultFile, roi, settings, upload, user } from "./testing/wire-fixtures.js";
import { DomainError } from "../../../core/domain/errors.js";

/** The query object Koa hands a handler (`ctx.query` is `querystring.parse` of the search string). */
function koaQuery(params: Array<[string, string]>): Record<string, unknown> {
  return { ...parseQueryString(new URLSearchParams(params).toString()) };
}

const docA = "2f9a1b7c-0d3e-4c6b-8a5f-1e2d3c4b5a69";
const docB = "7aa0c2d4-1b3e-4f5a-8c6d-9e0f1a2b3c4d";

describe("requests the Python client sends (REFERENCE §7.1) parse", () => {
  it("authenticate: POST /auth/exchange {static_token}", () => {
    expect(parseWire(ExchangeBody, { static_token: "dev-token" }, "body")).toEqual({ static_token: "dev-token" });
  });

  it("logout: POST /auth/logout without a body", () => {
    expect(parseWire(EmptyBody, undefined, "body")).toEqual({});
  });

  it("update_settings: each of its seven fields alone, and all together", () => {
    const roles = [{ name: "engineer", builtIn: true, isActive: true }];
    const each = [
      { model_profile: "complex" },
      { selected_role_prompt_id: roleWireId("engineer") },
      { temperature: 0.7 },
      { top_p: 0.95 },
      { thinking_enabled: false },
      { thinking_budget: 24_576 },
      { media_resolution: "medium" },
    ];
    for (const body of each) expect(() => fromWireSettingsPatch(parseWire(SettingsPatchBody, body, "body"), roles)).not.toThrow();
    const all = Object.assign({}, ...each) as Record<string, unknown>;
    expect(fromWireSettingsPatch(parseWire(SettingsPatchBody, all, "body"), roles)).toEqual({
      modelProfile: "complex",
      role: "engineer",
      temperature: 0.7,
      topP: 0.95,
      thinkingEnabled: false,
      thinkingBudget: 24_576,
      mediaResolution: "medium",
    });
  });

  it("get_available_roles: GET /prompts/roles without a query", () => {
    expect(parseWire(RolesQuery, koaQuery([]), "query")).toEqual({});
  });

  it("create_chat: {}, {title} and {title, description}", () => {
    // no title: the chats use case names it «Новый чат», as the reference does (core/application/chat-service.ts)
    expect(fromWireCreateChat(parseWire(CreateChatBody, {}, "body")).title).toBeUndefined();
    expect(fromWireCreateChat(parseWire(CreateChatBody, { title: "Мой чат" }, "body"))).toEqual({ title: "Мой чат" });
    expect(fromWireCreateChat(parseWire(CreateChatBody, { title: "Мой чат", description: "АР4" }, "body"))).toEqual({ title: "Мой чат", description: "АР4" });
  });

  it("list_chats: GET /chats?limit=50", () => {
    expect(parseWire(ChatListQuery, koaQuery([["limit", "50"]]), "query")).toEqual({ limit: 50 });
  });

  it("send_message: the body with every extra it adds", () => {
    const body = {
      content: "Какие перемычки на 2 этаже?",
      attached_file_ids: [upload.id],
      attached_document_ids: [docA, docB],
      google_files: [{ uri: "https://files.example/abc", mime_type: "text/markdown" }],
      tree_files: [{ r2_key: "tree_docs/2f9a/АР4_document.md", file_type: "result_md" }],
    };
    expect(fromWirePostMessage(parseWire(PostMessageBody, body, "body"))).toEqual({
      content: body.content,
      attachedFileIds: [upload.id],
      attachedDocumentIds: [docA, docB],
      googleFiles: [{ uri: "https://files.example/abc", mimeType: "text/markdown" }],
      treeFiles: [{ key: "tree_docs/2f9a/АР4_document.md", fileType: "result_md" }],
    });
  });

  it("send_message: the stream query, one document or several, with JSON files and compare ids", () => {
    const one = fromWireStreamQuery(parseWire(StreamQuery, koaQuery([["client_id", "client-1"], ["document_ids", docA]]), "query"));
    expect(one).toMatchObject({ documentIds: [docA], clientId: "client-1" });
    const query = koaQuery([
      ["document_ids", docA],
      ["document_ids", docB],
      ["google_files", JSON.stringify([{ uri: "https://files.example/abc", mime_type: "text/html" }, "https://files.example/plain"])],
      ["tree_files", JSON.stringify([{ r2_key: "tree_docs/2f9a/АР4_ocr.html", file_type: "ocr_html" }])],
      ["compare_document_ids_a", docA],
      ["compare_document_ids_b", docB],
    ]);
    expect(fromWireStreamQuery(parseWire(StreamQuery, query, "query"))).toEqual({
      documentIds: [docA, docB],
      compare: { a: [docA], b: [docB] },
      googleFiles: [{ uri: "https://files.example/abc", mimeType: "text/html" }, { uri: "https://files.example/plain" }],
      treeFiles: [{ key: "tree_docs/2f9a/АР4_ocr.html", fileType: "ocr_html" }],
    });
  });

  it("get_projects_tree: client_id, parent_id, all_nodes=true, include_files=true", () => {
    const query = koaQuery([["client_id", "client-1"], ["parent_id", documentNode.parentId!], ["all_nodes", "true"], ["include_files", "true"]]);
    expect(fromWireTreeQuery(parseWire(TreeQuery, query, "query"))).toEqual({
      options: { parentId: documentNode.parentId, all: true },
      clientId: "client-1",
      includeFiles: true,
    });
  });

  it("search_documents: q instead of query, limit, optional client_id", () => {
    expect(fromWireSearchQuery(parseWire(SearchQuery, koaQuery([["q", "АР4"], ["limit", "10"]]), "query"))).toEqual({ text: "АР4", limit: 10 });
    expect(fromWireSearchQuery(parseWire(SearchQuery, koaQuery([["q", "АР4"], ["limit", "10"], ["client_id", "client-1"]]), "query"))).toEqual({
      text: "АР4",
      clientId: "client-1",
      limit: 10,
    });
  });
});

describe("our answers parse under the Python client's models (REFERENCE §7)", () => {
  it("TokenExchangeResponse, with expires_in in seconds", () => {
    const token = Python.TokenExchangeResponse.parse(toWireToken({ accessToken: "jwt", expiresInSeconds: 3_600, user }));
    expect(token).toMatchObject({ expires_in: 3_600, user: { id: user.id, username: "engineer" } });
  });

  it("UserMeResponse, and the settings a PATCH answers as UserSettings", () => {
    const me = Python.UserMeResponse.parse(toWireMe(user, settings));
    expect(me.settings).toMatchObject({ model_profile: "complex", selected_role_prompt_id: roleWireId("engineer"), temperature: 0.4 });
    expect(me.gemini_api_key_configured).toBe(true);
    // unset LLM parameters are absent, never null (pydantic's float fields would refuse null)
    expect(Python.UserSettings.parse(toWireSettings({ modelProfile: "simple", pageSettings: {}, modelKey: null }))).toEqual({
      model_profile: "simple",
      selected_role_prompt_id: null,
    });
  });

  it("PromptUserRole, for built-in and own roles, and its id selects the role", () => {
    const roles = [toWireRole({ name: "engineer", builtIn: true, isActive: true }, "2026-01-01T00:00:00Z"), toWireRole({ name: "сметчик", builtIn: false, isActive: true, version: 3, content: "…", updatedAt: "2026-01-05 10:00:00+00" }, "2026-01-01T00:00:00Z")];
    const parsed = roles.map((role) => Python.PromptUserRole.parse(role));
    expect(parsed.map((r) => r.version)).toEqual([1, 3]);
    // the CLI's `settings set-role NAME` looks the name up and sends the id back
    const picked = parsed.find((r) => r.name.toLowerCase() === "сметчик")!;
    expect(fromWireSettingsPatch({ selected_role_prompt_id: picked.id }, [{ name: "engineer", builtIn: true, isActive: true }, { name: "сметчик", builtIn: false, isActive: true }])).toEqual({ role: "сметчик" });
  });

  it("ChatResponse for create and list, and GET /chats/{id} as both ChatResponse and ChatHistoryResponse", () => {
    expect(Python.ChatResponse.parse(toWireChat(chat)).id).toBe(chat.id);
    const detail = toWireChatDetail(chat, { messages: [question, reply] }, (id) => (id === reply.id ? [roi] : []), links);
    const asChat = Python.ChatResponse.parse(detail);
    const asHistory = Python.ChatHistoryResponse.parse(detail);
    expect(asChat).toMatchObject({ id: chat.id, title: chat.title, user_id: user.id });
    expect(asHistory.chat.id).toBe(chat.id);
    expect(asHistory.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(asHistory.messages[1]!.images![0]!.url).toBe(links.imageUrl(roi.id));
  });

  it("MessageResponse for a posted message", () => {
    expect(Python.MessageResponse.parse(toWireMessage(question, [], links))).toMatchObject({ id: question.id, chat_id: chat.id, role: "user", images: [] });
  });

  it("FileUploadResponse and FileInfo", () => {
    expect(Python.FileUploadResponse.parse(toWireFileUpload(upload))).toMatchObject({ filename: upload.filename, storage_path: upload.storageKey });
    expect(Python.FileInfo.parse(toWireFile(upload))).toMatchObject({ source_type: "user_upload", size_bytes: upload.sizeBytes });
  });

  it("TreeNode with its job files, search results, and DocumentResults", () => {
    const node = Python.TreeNode.parse(toWireTreeNode({ ...documentNode, depth: 2 }, [resultFile]));
    expect(node.files![0]).toMatchObject({ job_id: resultFile.jobId, file_type: "result_md" });
    expect(Python.TreeNode.parse(toWireTreeNode(documentNode)).files).toEqual([]);
    const results = Python.DocumentResults.parse(toWireDocumentResults(documentNode.id, [resultFile]));
    expect(results.files[0]).toMatchObject({ filename: "АР4_document.md", mime_type: "text/markdown", source_type: "result_md" });
  });

  it("error bodies: the client shows our message, not the raw body", () => {
    const body = toWireError(new DomainError("CHAT.NOT_FOUND", "chat 8e0c… not found").toJSON());
    expect(Python.pythonErrorMessage(body, JSON.stringify(body))).toBe("chat 8e0c… not found");
  });

  it("SSE: its reader gets each event's name and JSON data, with what send_message_sync reads", () => {
    const runId = "3f2e1d0c-9b8a-4765-a432-10fedcba9876";
    const events = [
      { type: "llm_token", token: "На 2 ", model: "pro" },
      { type: "llm_final", content: answer.answer_markdown, model: "pro", answer, usage: { inputTokens: 10, outputTokens: 5, images: 1 } },
      { type: "completed", answer },
    ] as const;
    const text = events.map((event, i) => sseFrame(toWireStreamEvent({ seq: i + 1, event }, runId, links))).join("");
    const read = Python.pythonSseEvents(text);
    expect(read.map((e) => e.event)).toEqual(["llm_token", "llm_final", "completed"]);
    expect((read[0]!.data as { token: string }).token).toBe("На 2 ");
    expect((read[1]!.data as { content: string }).content).toBe(answer.answer_markdown);
    const error = sseFrame(toWireStreamEvent({ seq: 4, event: { type: "error", error: { code: "LLM.UNAVAILABLE", message: "model down" } } }, runId, links));
    expect(Python.pythonSseEvents(error)[0]).toEqual({ event: "error", data: { code: "LLM.UNAVAILABLE", message: "model down" } });
  });
});
