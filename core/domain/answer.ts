import { z } from "zod";

const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const CitationSchema = z.object({
  block_id: z.string(),
  document_id: z.string().optional(),
  kind: z.enum(["text_block", "image_block", "roi"]),
  page: z.number().int().optional(),
  bbox: bbox.optional(),
  /** Evidence image id for `roi` citations. */
  image_id: z.string().optional(),
  /** Source of the text: `text-layer`, `ocr:<engine>` or `import`. */
  source: z.string().optional(),
  note: z.string().optional(),
});

export const DiffEntrySchema = z.object({
  item: z.string(),
  a: z.string().optional(),
  b: z.string().optional(),
  status: z.enum(["same", "changed", "only_a", "only_b"]),
  citations: z.array(CitationSchema).default([]),
});

/** The structured answer kept whole with the message (nothing the model returned is thrown away). */
export const AnswerSchema = z.object({
  mode: z.enum(["llm", "evidence_only"]),
  answer_markdown: z.string(),
  citations: z.array(CitationSchema).default([]),
  issues: z.array(z.string()).default([]),
  recommendations: z.array(z.string()).default([]),
  diff: z.array(DiffEntrySchema).optional(),
  unverified: z.array(z.string()).default([]),
  follow_up_questions: z.array(z.string()).default([]),
  evidence_image_ids: z.array(z.string()).default([]),
  /** `output_tokens` includes the thinking; `thinking_tokens` and `cached_input_tokens` are parts, once reported. */
  usage: z
    .object({
      calls: z.number(),
      input_tokens: z.number(),
      output_tokens: z.number(),
      images: z.number(),
      thinking_tokens: z.number().optional(),
      cached_input_tokens: z.number().optional(),
    })
    .optional(),
  timings_ms: z.record(z.string(), z.number()).optional(),
});

export type Citation = z.infer<typeof CitationSchema>;
export type DiffEntry = z.infer<typeof DiffEntrySchema>;
export type Answer = z.infer<typeof AnswerSchema>;
