import type { Answer } from "../../core/domain/answer.js";
import { validateChat, type Chat, type ChatMessage, type ComparePair, type MessageStatus, type NewChat, type NewMessage } from "../../core/domain/chat.js";
import { notFound, type DomainErrorJson } from "../../core/domain/errors.js";
import type { ChatListOptions, ChatStore, MessagePage, MessagePageOptions } from "../../core/ports/chat-store.js";
import type { SqlDriver, SqlExecutor } from "./sql-driver.js";
import { writeError } from "./sql-errors.js";

interface ChatRow {
  id: string;
  user_id: string;
  title: string;
  description: string | null;
  is_archived: boolean;
  document_ids: string[];
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

interface MessageRow {
  id: string;
  chat_id: string;
  seq: number;
  role: ChatMessage["role"];
  content: string;
  message_type: string;
  answer: Answer | null;
  model: string | null;
  status: MessageStatus;
  error: DomainErrorJson | null;
  attached_file_ids: string[];
  attached_document_ids: string[];
  compare: ComparePair | null;
  client_message_id: string | null;
  run_id: string | null;
  created_at: Date;
}

/** A timestamp as `toISOString` writes it, formatted by the database: a chat list's dates were most of its mapping. */
const isoTime = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`;
const CHAT_COLUMNS = `id, user_id, title, description, is_archived, document_ids, metadata, ${isoTime("created_at")}, ${isoTime("updated_at")}`;
const MESSAGE_COLUMNS =
  "id, chat_id, seq, role, content, message_type, answer, model, status, error, attached_file_ids, attached_document_ids, compare, client_message_id, run_id, created_at";
const NEW_MESSAGE_COLUMNS = "role, content, message_type, answer, model, status, error, attached_file_ids, attached_document_ids, compare, client_message_id, run_id";

/** `ChatStore` over the reference-compatible `chats` and `chat_messages` tables. */
export class SqlChatStore implements ChatStore {
  constructor(private readonly db: SqlDriver) {}

  async createChat(ownerId: string, chat: NewChat): Promise<Chat> {
    const valid = validateChat.newChat(chat);
    const [row] = await this.db.query<ChatRow>(
      `insert into chats (user_id, title, description, document_ids, metadata)
       select $1, title, description, coalesce(document_ids, '{}'), coalesce(metadata, '{}'::jsonb)
       from jsonb_populate_record(null::chats, $2::jsonb) returning ${CHAT_COLUMNS}`,
      [ownerId, JSON.stringify({ title: valid.title, description: valid.description ?? null, document_ids: valid.documentIds ?? null, metadata: valid.metadata ?? null })],
    );
    return toChat(row!);
  }

  async listChats(ownerId: string, options: ChatListOptions = {}): Promise<Chat[]> {
    const { includeArchived, limit } = validateChat.listOptions(options);
    const rows = await this.db.query<ChatRow>(
      `select ${CHAT_COLUMNS} from chats where user_id = $1 and ($2 or not is_archived)
       order by chats.updated_at desc, id collate "C" limit $3`,
      [ownerId, includeArchived, limit],
    );
    return rows.map(toChat);
  }

  async getChat(ownerId: string, chatId: string): Promise<Chat> {
    return toChat(await chatRow(this.db, ownerId, chatId));
  }

  async updateChat(ownerId: string, chatId: string, patch: { title?: string; isArchived?: boolean; metadata?: Record<string, unknown> }): Promise<Chat> {
    const valid = validateChat.patch(patch);
    const [row] = await this.db.query<ChatRow>(
      `update chats set title = coalesce($3, title), is_archived = coalesce($4, is_archived),
         metadata = coalesce($5::jsonb, metadata), updated_at = now()
       where id = $1 and user_id = $2 returning ${CHAT_COLUMNS}`,
      [chatId, ownerId, valid.title ?? null, valid.isArchived ?? null, valid.metadata ? JSON.stringify(valid.metadata) : null],
    );
    if (!row) throw notFound("CHAT.NOT_FOUND", `chat ${chatId}`);
    return toChat(row);
  }

  async deleteChat(ownerId: string, chatId: string): Promise<void> {
    // messages, evidence image rows and stream events go with it (on delete cascade)
    const deleted = await this.db.query("delete from chats where id = $1 and user_id = $2 returning id", [chatId, ownerId]);
    if (deleted.length === 0) throw notFound("CHAT.NOT_FOUND", `chat ${chatId}`);
  }

  async withdrawLatestMessage(ownerId: string, chatId: string, messageId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await chatRow(tx, ownerId, chatId, "for update");
      const deleted = await tx.query(
        `delete from chat_messages where chat_id = $1 and id = $2
           and seq = (select max(seq) from chat_messages where chat_id = $1) returning id`,
        [chatId, messageId],
      );
      return deleted.length > 0;
    });
  }

  async appendMessage(ownerId: string, chatId: string, message: NewMessage): Promise<ChatMessage> {
    const valid = validateChat.newMessage(message);
    try {
      // one statement on the common path: every posted question and stored answer is an append, and the transaction
      // it was (lock the chat, insert, touch the chat) cost five round trips (bench/server.bench.ts)
      const [row] = await this.db.query<MessageRow>(
        `with chat as (select id from chats where id = $1 and user_id = $2),
         added as (
           insert into chat_messages (chat_id, user_id, ${NEW_MESSAGE_COLUMNS})
           select $1, $2, role, content, coalesce(message_type, 'text'), answer, model, coalesce(status, 'complete'), error,
             coalesce(attached_file_ids, '{}'), coalesce(attached_document_ids, '{}'), compare, client_message_id, run_id
           from chat, jsonb_populate_record(null::chat_messages, $3::jsonb)
           on conflict (chat_id, client_message_id) where client_message_id is not null do nothing
           returning ${MESSAGE_COLUMNS}
         ),
         touched as (update chats set updated_at = now() where id in (select chat_id from added))
         select ${MESSAGE_COLUMNS} from added`,
        [chatId, ownerId, JSON.stringify(messageJson(valid))],
      );
      if (row) return toMessage(row);
      // nothing added: no such chat of the owner's, or posted before with this key (the unique key made the insert wait
      // for that one to commit, so this next statement sees it): it is that message, unchanged
      await chatRow(this.db, ownerId, chatId);
      const [earlier] = await this.db.query<MessageRow>(`select ${MESSAGE_COLUMNS} from chat_messages where chat_id = $1 and client_message_id = $2`, [chatId, valid.clientMessageId ?? null]);
      if (!earlier) throw new Error(`message in chat ${chatId} was neither added nor found`);
      return toMessage(earlier);
    } catch (error) {
      throw writeError(error, `message in chat ${chatId}`);
    }
  }

  async listMessages(ownerId: string, chatId: string, options: MessagePageOptions = {}): Promise<MessagePage> {
    const { limit, before } = validateChat.pageOptions(options);
    await chatRow(this.db, ownerId, chatId);
    const rows = await this.db.query<MessageRow>(
      `select ${MESSAGE_COLUMNS} from chat_messages where chat_id = $1 and ($2::bigint is null or seq < $2)
       order by seq desc limit $3`,
      [chatId, before ?? null, limit + 1],
    );
    const page = rows.slice(0, limit).reverse().map(toMessage);
    return { messages: page, ...(rows.length > limit ? { nextBefore: page[0]!.seq } : {}) };
  }
}

async function chatRow(db: SqlExecutor, ownerId: string, chatId: string, lock = ""): Promise<ChatRow> {
  const [row] = await db.query<ChatRow>(`select ${CHAT_COLUMNS} from chats where id = $1 and user_id = $2 ${lock}`, [chatId, ownerId]);
  if (!row) throw notFound("CHAT.NOT_FOUND", `chat ${chatId}`);
  return row;
}

function messageJson(m: NewMessage): Record<string, unknown> {
  return {
    role: m.role,
    content: m.content,
    message_type: m.messageType ?? null,
    answer: m.answer ?? null,
    model: m.model ?? null,
    status: m.status ?? null,
    error: m.error ?? null,
    attached_file_ids: m.attachedFileIds ?? null,
    attached_document_ids: m.attachedDocumentIds ?? null,
    compare: m.compare ?? null,
    client_message_id: m.clientMessageId ?? null,
    run_id: m.runId ?? null,
  };
}

function toChat(row: ChatRow): Chat {
  return {
    id: row.id,
    ownerId: row.user_id,
    title: row.title,
    ...(row.description !== null ? { description: row.description } : {}),
    isArchived: row.is_archived,
    documentIds: row.document_ids,
    metadata: row.metadata,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    chatId: row.chat_id,
    seq: row.seq,
    role: row.role,
    content: row.content,
    messageType: row.message_type,
    ...(row.answer !== null ? { answer: row.answer } : {}),
    ...(row.model !== null ? { model: row.model } : {}),
    status: row.status,
    ...(row.error !== null ? { error: row.error } : {}),
    attachedFileIds: row.attached_file_ids,
    attachedDocumentIds: row.attached_document_ids,
    ...(row.compare !== null ? { compare: row.compare } : {}),
    ...(row.client_message_id !== null ? { clientMessageId: row.client_message_id } : {}),
    ...(row.run_id !== null ? { runId: row.run_id } : {}),
    createdAt: row.created_at.toISOString(),
  };
}
