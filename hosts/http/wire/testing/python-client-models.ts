import { z } from "zod";

/**
 * What the reference's Python client (REFERENCE_BEHAVIOUR §7) requires of our answers, as zod: its pydantic models'
 * fields and types. Pydantic ignores unknown keys (so these objects strip), a field with a default may be absent but
 * not `null`, `Optional[...]` may be `null`, `UUID` fields must be UUIDs and `datetime` fields ISO 8601.
 */
const uuid = z.guid();
const datetime = z.iso.datetime({ offset: true });
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const UserInfo = z.object({ id: uuid, username: z.string(), status: z.string().optional(), created_at: datetime });

export const TokenExchangeResponse = z.object({ access_token: z.string(), token_type: z.string().optional(), expires_in: z.number().int(), user: UserInfo });

export const UserSettings = z.object({
  model_profile: z.enum(["simple", "complex"]).optional(),
  selected_role_prompt_id: optional(z.number().int()),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  thinking_enabled: z.boolean().optional(),
  thinking_budget: z.number().int().optional(),
  media_resolution: z.enum(["low", "medium", "high"]).optional(),
});

export const UserMeResponse = z.object({ user: UserInfo, settings: UserSettings, gemini_api_key_configured: z.boolean() });

export const PromptUserRole = z.object({
  id: z.number().int(),
  name: z.string(),
  content: z.string(),
  description: optional(z.string()),
  is_active: z.boolean().optional(),
  version: z.number().int().optional(),
  created_at: datetime,
  updated_at: datetime,
});

export const ChatResponse = z.object({ id: uuid, title: z.string(), description: optional(z.string()), user_id: z.string(), created_at: datetime, updated_at: datetime });

export const MessageImage = z.object({
  id: uuid,
  file_id: optional(uuid),
  image_type: optional(z.string()),
  description: optional(z.string()),
  width: optional(z.number().int()),
  height: optional(z.number().int()),
  url: optional(z.string()),
});

export const MessageResponse = z.object({
  id: uuid,
  chat_id: uuid,
  role: z.enum(["user", "assistant", "system"]),
  content: z.string(),
  message_type: z.string().optional(),
  created_at: datetime,
  images: z.array(MessageImage).optional(),
});

export const ChatHistoryResponse = z.object({ chat: ChatResponse, messages: z.array(MessageResponse) });

export const FileInfo = z.object({
  id: uuid,
  filename: z.string(),
  mime_type: z.string(),
  size_bytes: z.number().int(),
  source_type: optional(z.string()),
  storage_path: optional(z.string()),
  external_url: optional(z.string()),
  created_at: datetime,
});

export const FileUploadResponse = z.object({ id: uuid, filename: z.string(), mime_type: z.string(), size_bytes: z.number().int(), storage_path: z.string(), created_at: datetime });

export const JobFileInfo = z.object({
  id: uuid,
  job_id: uuid,
  file_type: z.string(),
  r2_key: z.string(),
  file_name: z.string(),
  file_size: optional(z.number().int()),
  created_at: datetime,
});

export const TreeNode = z.object({
  id: uuid,
  parent_id: optional(uuid),
  client_id: optional(z.string()),
  node_type: z.string(),
  name: z.string(),
  code: optional(z.string()),
  version: optional(z.number().int()),
  status: z.string().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  sort_order: z.number().int().optional(),
  created_at: datetime,
  updated_at: datetime,
  files: z.array(JobFileInfo).optional(),
});

export const DocumentResults = z.object({ document_node_id: uuid, files: z.array(FileInfo) });

/** Its error handling reads these keys of any error body (`error` as the type, `message` as the text). */
export function pythonErrorMessage(body: unknown, rawText: string): string {
  const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  return typeof record.message === "string" ? record.message : rawText;
}

/** Its SSE reader (the SSE rules): `event` names the event (default `message`), `data` lines join into JSON; `id` is ignored. */
export function pythonSseEvents(text: string): Array<{ event: string; data: unknown }> {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
      return { event, data: data.length ? (JSON.parse(data.join("\n")) as unknown) : {} };
    });
}
