import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Router from "@koa/router";
import formidable, { errors as formidableErrors, type File } from "formidable";
import { DomainError, invalidInput } from "../../../core/domain/errors.js";
import { parseWire } from "../wire/parse-wire.js";
import { FileListQuery, FileParams, toWireFile, toWireFileUpload, type UploadedFile } from "../wire/wire-file.js";
import type { HttpContext, RequestState } from "../http-context.js";

/** The multipart part that carries the file (the Python client's name). */
const FILE_FIELD = "file";

/**
 * `POST /files/upload` (multipart, one part `file`), `GET /files`, `GET /files/{id}`, `DELETE /files/{id}`. An upload
 * streams to a temp directory of its own (at most `maxBytes`, else 413), which is removed on every path; the use case
 * decides what the bytes are.
 */
export function fileRoutes(maxBytes: number): Router<RequestState> {
  const router = new Router<RequestState>();
  router.post("/files/upload", async (ctx) => {
    const dir = await mkdtemp(join(tmpdir(), "aizoomdoc-upload-"));
    try {
      const file = await receiveFile(ctx, dir, maxBytes);
      const result = await ctx.state.app.uploadFile({
        ...(file.originalFilename ? { filename: file.originalFilename } : {}),
        ...(file.mimetype ? { declaredType: file.mimetype } : {}),
        read: () => createReadStream(file.filepath),
      });
      ctx.status = 201;
      if (result.runId) ctx.set("X-Run-Id", result.runId);
      ctx.body = toWireFileUpload(result.file as UploadedFile, result.documentId, result.runId, result.position);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  router.get("/files", async (ctx) => {
    const { source_type, limit } = parseWire(FileListQuery, ctx.query, "query");
    ctx.body = (await ctx.state.app.listFiles({ ...(source_type ? { sourceType: source_type } : {}), ...(limit !== undefined ? { limit } : {}) })).map(toWireFile);
  });
  router.get("/files/:file_id", async (ctx) => {
    const { file_id } = parseWire(FileParams, ctx.params, "params");
    ctx.body = toWireFile(await ctx.state.app.getFile(file_id));
  });
  router.delete("/files/:file_id", async (ctx) => {
    const { file_id } = parseWire(FileParams, ctx.params, "params");
    await ctx.state.app.deleteFile(file_id);
    ctx.status = 204;
  });
  return router;
}

/** Reads the multipart body into `dir`: exactly one `file` part, other file parts refused, small fields ignored. */
async function receiveFile(ctx: HttpContext, dir: string, maxBytes: number): Promise<File> {
  if (!ctx.is("multipart/form-data")) throw new DomainError("DOCUMENT.UNSUPPORTED_FORMAT", `send the file as multipart/form-data with a part named "${FILE_FIELD}"`);
  const form = formidable({ uploadDir: dir, maxFileSize: maxBytes, maxTotalFileSize: maxBytes, maxFiles: 1, maxFields: 20, maxFieldsSize: 64 * 1024, allowEmptyFiles: true, minFileSize: 0 });
  let files: formidable.Files;
  try {
    [, files] = await form.parse(ctx.req);
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === formidableErrors.biggerThanMaxFileSize || code === formidableErrors.biggerThanTotalMaxFileSize) {
      throw new DomainError("DOCUMENT.TOO_LARGE", `the file is larger than the upload limit of ${maxBytes} bytes`, { details: { maxBytes } });
    }
    if (code === formidableErrors.maxFilesExceeded) throw invalidInput(`one file per upload, in the part "${FILE_FIELD}"`);
    throw invalidInput(`unreadable multipart body: ${(error as Error).message}`);
  }
  const parts = Object.entries(files);
  const file = files[FILE_FIELD]?.[0];
  if (!file || parts.length !== 1) throw invalidInput(`expected one file in the part "${FILE_FIELD}", got ${parts.map(([name]) => name).join(", ") || "none"}`, { field: FILE_FIELD });
  return file;
}
