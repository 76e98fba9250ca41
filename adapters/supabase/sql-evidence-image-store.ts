import type { EvidenceImage } from "../../core/domain/evidence.js";
import { DomainError, invalidInput, notFound } from "../../core/domain/errors.js";
import type { EvidenceImageLink, EvidenceImageStore } from "../../core/ports/evidence-image-store.js";
import type { SqlDriver } from "./sql-driver.js";
import { writeError } from "./sql-errors.js";

interface ImageRow {
  id: string;
  document_id: string;
  block_id: string | null;
  page: number;
  image_type: EvidenceImage["kind"];
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  sector: string | null;
  dpi: number;
  width: number;
  height: number;
  mime_type: EvidenceImage["mimeType"];
  storage_key: string | null;
  url: string | null;
  capped: boolean;
}

const IMAGE_COLUMNS = "id, document_id, block_id, page, image_type, x1, y1, x2, y2, sector, dpi, width, height, mime_type, storage_key, url, capped";
const WRITE_COLUMNS = `user_id, chat_id, message_id, description, ${IMAGE_COLUMNS}`;
/** SQLSTATE of a foreign key violation: the linked chat or message is not the owner's. */
const FOREIGN_KEY_VIOLATION = "23503";

/** `EvidenceImageStore` over the reference's `chat_images` table (extended with the evidence geometry). */
export class SqlEvidenceImageStore implements EvidenceImageStore {
  constructor(private readonly db: SqlDriver) {}

  async saveImage(ownerId: string, image: EvidenceImage, link: EvidenceImageLink = {}): Promise<void> {
    const row = { ...imageJson(image), user_id: ownerId, chat_id: link.chatId ?? null, message_id: link.messageId ?? null, description: link.description ?? null };
    let saved: unknown[];
    try {
      saved = await this.db.query(
        `insert into chat_images (${WRITE_COLUMNS}) select ${WRITE_COLUMNS} from jsonb_populate_record(null::chat_images, $1::jsonb)
         on conflict (id) do update set ${WRITE_COLUMNS.split(", ").map((c) => `${c} = excluded.${c}`).join(", ")}, uploaded_at = now()
         where chat_images.user_id = excluded.user_id
         returning id`,
        [JSON.stringify(row)],
      );
    } catch (error) {
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw linkNotFound(link);
      throw writeError(error, `evidence image ${image.id}`);
    }
    if (saved.length === 0) throw invalidInput(`evidence image ${image.id}: the id is taken`);
  }

  async getImage(ownerId: string, imageId: string): Promise<EvidenceImage> {
    const [row] = await this.db.query<ImageRow>(`select ${IMAGE_COLUMNS} from chat_images where id = $1 and user_id = $2`, [imageId, ownerId]);
    if (!row) throw notFound("STORAGE.NOT_FOUND", `evidence image ${imageId}`);
    return toImage(row);
  }

  async listImages(ownerId: string, filter: { chatId: string; messageId?: string }): Promise<EvidenceImage[]> {
    const rows = await this.db.query<ImageRow>(
      `select ${IMAGE_COLUMNS} from chat_images where user_id = $1 and chat_id = $2 and ($3::text is null or message_id = $3) order by seq`,
      [ownerId, filter.chatId, filter.messageId ?? null],
    );
    return rows.map(toImage);
  }

  async linkToMessage(ownerId: string, chatId: string, messageId: string, imageIds: string[]): Promise<void> {
    const [message] = await this.db.query("select 1 from chat_messages where id = $1 and chat_id = $2 and user_id = $3", [messageId, chatId, ownerId]);
    if (!message) throw linkNotFound({ chatId, messageId });
    await this.db.query(
      "update chat_images set message_id = $1 where chat_id = $2 and user_id = $3 and id in (select jsonb_array_elements_text($4::jsonb))",
      [messageId, chatId, ownerId, JSON.stringify(imageIds)],
    );
  }
}

function linkNotFound(link: EvidenceImageLink): DomainError {
  return notFound("CHAT.NOT_FOUND", link.messageId ? `message ${link.messageId} of chat ${link.chatId ?? "?"}` : `chat ${link.chatId ?? "?"}`);
}

function imageJson(image: EvidenceImage): Record<string, unknown> {
  const [x1, y1, x2, y2] = image.bboxNorm;
  return {
    id: image.id,
    document_id: image.documentId,
    block_id: image.blockId ?? null,
    page: image.page,
    image_type: image.kind,
    x1,
    y1,
    x2,
    y2,
    sector: image.sector ?? null,
    dpi: image.dpi,
    width: image.width,
    height: image.height,
    mime_type: image.mimeType,
    storage_key: image.storageKey ?? null,
    url: image.url ?? null,
    capped: image.capped ?? false,
  };
}

function toImage(row: ImageRow): EvidenceImage {
  return {
    id: row.id,
    documentId: row.document_id,
    ...(row.block_id !== null ? { blockId: row.block_id } : {}),
    page: row.page,
    kind: row.image_type,
    bboxNorm: [row.x1, row.y1, row.x2, row.y2],
    ...(row.sector !== null ? { sector: row.sector } : {}),
    dpi: row.dpi,
    width: row.width,
    height: row.height,
    mimeType: row.mime_type,
    ...(row.storage_key !== null ? { storageKey: row.storage_key } : {}),
    ...(row.url !== null ? { url: row.url } : {}),
    ...(row.capped ? { capped: true } : {}),
  };
}
