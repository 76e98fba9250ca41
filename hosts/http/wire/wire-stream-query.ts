import { z } from "zod";
import { invalidInput } from "../../../core/domain/errors.js";
import { WireGoogleFile, WireTreeFile, fromWireGoogleFile, fromWireTreeFile } from "./wire-message.js";
import { WireId, queryJson, queryList } from "./wire-primitives.js";

/** An event id: `<run id>:<seq>`, so a reconnecting client names both the run to resume and the last event it has. */
const EVENT_ID = /^([A-Za-z0-9-]{1,100}):([1-9]\d{0,8})$/;

export function eventId(runId: string, seq: number): string {
  return `${runId}:${seq}`;
}

/** The run and event a client resumes after (`Last-Event-ID` header or `after`); a malformed id is a 400. */
export function parseEventId(id: string): { runId: string; seq: number } {
  const match = EVENT_ID.exec(id.trim());
  if (!match) throw invalidInput(`event id ${JSON.stringify(id.slice(0, 120))}: expected <run id>:<seq> from an earlier event`, { field: "after" });
  return { runId: match[1]!, seq: Number(match[2]) };
}

/** `{run_id}` in a path: the run an upload (or a posted message) returned. */
export const RunParams = z.strictObject({ run_id: WireId });

/** `GET /runs/{run_id}/stream`: `after` as on the chat stream (`Last-Event-ID` wins). */
export const RunStreamQuery = z.strictObject({
  after: z
    .string()
    .regex(EVENT_ID, "must be an event id (<run id>:<seq>)")
    .optional()
    .meta({ description: "Resume after this event id (what `Last-Event-ID` carries; the header wins)" }),
});

const documentIds = (what: string) => queryList(WireId, 1_000).optional().meta({ description: `${what}; repeat the parameter for more` });

/**
 * `GET /chats/{chat_id}/stream` (SSE; the WebSocket route takes the same query). The reference's parameters, as the
 * Python client sends them: `document_ids` and `compare_document_ids_a/_b` repeated, `tree_files` and
 * `google_files` as JSON text; plus `after`, an event id to resume after for clients that cannot set `Last-Event-ID`.
 */
export const StreamQuery = z
  .strictObject({
    document_ids: documentIds("Documents to answer from (none: all of the user's)"),
    client_id: z.string().min(1).max(200).optional().meta({ description: "Projects DB client whose documents to search when none are named" }),
    compare_document_ids_a: documentIds("Compare mode: side A (with side B)"),
    compare_document_ids_b: documentIds("Compare mode: side B (with side A)"),
    tree_files: queryJson(z.array(WireTreeFile).max(1_000))
      .optional()
      .meta({ description: 'JSON list of result files picked in the tree: `[{"r2_key": "…", "file_type": "result_md"}]`' }),
    google_files: queryJson(z.array(z.union([z.string().min(1).max(4_096), WireGoogleFile])).max(100))
      .optional()
      .meta({ description: 'JSON list of uploaded model files: `[{"uri": "…", "mime_type": "text/markdown"}]` (plain URIs too)' }),
    after: z
      .string()
      .regex(EVENT_ID, "must be an event id (<run id>:<seq>)")
      .optional()
      .meta({ description: "Resume after this event id (what `Last-Event-ID` carries; the header wins)" }),
  })
  .refine((q) => ((q.compare_document_ids_a?.length ?? 0) > 0) === ((q.compare_document_ids_b?.length ?? 0) > 0), {
    message: "compare mode needs both compare_document_ids_a and compare_document_ids_b",
    path: ["compare_document_ids_b"],
  });

/** What a stream request asks for, in domain terms; `lastEventId` is the `Last-Event-ID` header, which wins over `after`. */
export function fromWireStreamQuery(query: z.output<typeof StreamQuery>, lastEventId?: string) {
  const resumeFrom = lastEventId?.trim() || query.after;
  const a = query.compare_document_ids_a ?? [];
  const b = query.compare_document_ids_b ?? [];
  return {
    documentIds: query.document_ids ?? [],
    ...(query.client_id ? { clientId: query.client_id } : {}),
    ...(a.length > 0 ? { compare: { a, b } } : {}),
    treeFiles: (query.tree_files ?? []).map(fromWireTreeFile),
    googleFiles: (query.google_files ?? []).map(fromWireGoogleFile),
    ...(resumeFrom ? { resume: parseEventId(resumeFrom) } : {}),
  };
}
