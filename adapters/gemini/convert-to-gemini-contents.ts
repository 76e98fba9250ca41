import type { Content, Part } from "@google/genai";
import type { ModelMessage, ModelPart } from "../../core/ports/language-model.js";

/** An image already uploaded through the Files API, referenced by URI instead of sent inline. */
export interface UploadedFile {
  fileUri: string;
  mimeType: string;
}

export type ImagePart = Extract<ModelPart, { type: "image" }>;

export function convertToGeminiContents(messages: ModelMessage[], uploaded: ReadonlyMap<ImagePart, UploadedFile> = new Map()): Content[] {
  return messages.map((message) => ({ role: message.role, parts: message.parts.map((part) => convertPart(part, uploaded)) }));
}

function convertPart(part: ModelPart, uploaded: ReadonlyMap<ImagePart, UploadedFile>): Part {
  if (part.type === "text") return { text: part.text };
  const file = uploaded.get(part);
  if (file) return { fileData: { fileUri: file.fileUri, mimeType: file.mimeType } };
  return { inlineData: { mimeType: part.mimeType, data: Buffer.from(part.data.buffer, part.data.byteOffset, part.data.byteLength).toString("base64") } };
}

export function imageParts(messages: ModelMessage[]): ImagePart[] {
  return messages.flatMap((message) => message.parts.filter((part): part is ImagePart => part.type === "image"));
}
