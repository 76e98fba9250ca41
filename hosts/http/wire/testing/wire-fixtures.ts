import type { Answer } from "../../../../core/domain/answer.js";
import type { Chat, ChatMessage } from "../../../../core/domain/chat.js";
import type { EvidenceImage } from "../../../../core/domain/evidence.js";
import type { PublicSettings, User } from "../../../../core/domain/user.js";
import type { StoredFile } from "../../../../core/ports/file-store.js";
import type { ProjectFile, ProjectNode } from "../../../../core/ports/project-catalog.js";
import type { WireLinks } from "../wire-message.js";

/** Domain values as the stores hand them back, for the wire tests. */
export const links: WireLinks = { imageUrl: (id) => `http://127.0.0.1:8000/images/${encodeURIComponent(id)}` };

export const user: User = {
  id: "4b1f6c1e-2d8a-4f3e-9c55-0d6f3f7a9b21",
  username: "engineer",
  role: "user",
  status: "active",
  createdAt: "2026-01-10 08:00:00+00",
};

export const settings: PublicSettings = { modelProfile: "complex", role: "engineer", temperature: 0.4, pageSettings: {}, modelKey: { provider: "gemini", ownServer: false } };

export const chat: Chat = {
  id: "8e0c3c52-6f0e-4a55-b3a6-5c1f8e2d7a10",
  ownerId: user.id,
  title: "Перемычки 2 этажа",
  isArchived: false,
  documentIds: ["2f9a1b7c-0d3e-4c6b-8a5f-1e2d3c4b5a69"],
  metadata: { internal: true },
  createdAt: "2026-02-01T09:00:00.000Z",
  updatedAt: "2026-02-01T09:05:00.000Z",
};

export const answer: Answer = {
  mode: "llm",
  answer_markdown: "На 2 этаже 14 перемычек марки ПР-1 [A1B2-C3D4-E5F].",
  citations: [{ block_id: "A1B2-C3D4-E5F", kind: "roi", page: 3, bbox: [0.1, 0.2, 0.3, 0.4], image_id: "img-0123456789abcdef01234567" }],
  issues: [],
  recommendations: ["Сверить с планом 3 этажа"],
  unverified: [],
  follow_up_questions: [],
  evidence_image_ids: ["img-0123456789abcdef01234567"],
};

export const question: ChatMessage = {
  id: "0c5d8a3e-1f2b-4c7d-9e6a-3b4c5d6e7f80",
  chatId: chat.id,
  seq: 1,
  role: "user",
  content: "Какие перемычки на 2 этаже и сколько их?",
  messageType: "text",
  status: "complete",
  attachedFileIds: [],
  attachedDocumentIds: chat.documentIds,
  createdAt: "2026-02-01T09:01:00.000Z",
};

export const reply: ChatMessage = {
  id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  chatId: chat.id,
  seq: 2,
  role: "assistant",
  content: answer.answer_markdown,
  messageType: "text",
  answer,
  model: "gemini-pro",
  status: "complete",
  attachedFileIds: [],
  attachedDocumentIds: [],
  createdAt: "2026-02-01T09:02:00.000Z",
};

export const roi: EvidenceImage = {
  id: "img-0123456789abcdef01234567",
  documentId: chat.documentIds[0]!,
  blockId: "A1B2-C3D4-E5F",
  page: 3,
  kind: "roi",
  bboxNorm: [0.1, 0.2, 0.3, 0.4],
  dpi: 300,
  width: 1800,
  height: 1200,
  mimeType: "image/png",
  storageKey: "evidence/img-0123456789abcdef01234567.png",
};

export const upload: StoredFile & { storageKey: string; filename: string; mimeType: string; sizeBytes: number } = {
  id: "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
  ownerId: user.id,
  sourceType: "user_upload",
  storageKey: "uploads/4b1f6c1e/5e6f7a8b.pdf",
  filename: "АР4 изм.7.pdf",
  mimeType: "application/pdf",
  sizeBytes: 1_234_567,
  sha256: "a".repeat(64),
  createdAt: "2026-02-01T08:00:00.000Z",
};

export const documentNode: ProjectNode = {
  id: "2f9a1b7c-0d3e-4c6b-8a5f-1e2d3c4b5a69",
  parentId: "7d6c5b4a-3e2f-4a1b-9c8d-7e6f5a4b3c2d",
  clientId: "client-1",
  nodeType: "document",
  name: "Архитектурные решения",
  code: "133/23-ГК-АР4",
  version: 7,
  status: "active",
  attributes: { r2_key: "tree_docs/2f9a/АР4.pdf" },
  sortOrder: 3,
  createdAt: "2025-11-02 10:00:00+00",
  updatedAt: "2025-12-24 10:00:00+00",
};

export const resultFile: ProjectFile = {
  id: "3a4b5c6d-7e8f-4a9b-8c1d-2e3f4a5b6c7d",
  origin: "job",
  nodeId: documentNode.id,
  jobId: "6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e",
  jobStatus: "done",
  jobCreatedAt: "2025-12-24T09:00:00.000Z",
  fileType: "result_md",
  key: "tree_docs/2f9a/АР4_document.md",
  fileName: "АР4_document.md",
  size: 405_123,
  metadata: {},
  createdAt: "2025-12-24T09:30:00.000Z",
};
