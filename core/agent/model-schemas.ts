import { z } from "zod";

/**
 * Structured outputs the model returns. Kept flat and free of unions/tuples so a zod → JSON-schema conversion
 * is accepted by structured-output APIs; everything is validated again on our side before use.
 */

const bboxList = z.array(z.number().min(0).max(1)).length(4).describe("x1,y1,x2,y2 in 0..1 of the block's overview image");

export const IntentSchema = z.object({
  intent_type: z.enum(["general_analysis", "element_count", "mixed", "comparison"]),
  requires_visual_detail: z.boolean(),
  focus_areas: z.array(z.string()).max(8).default([]),
  /** Extra search terms (codes, marks, floor numbers) the question implies. */
  search_terms: z.array(z.string()).max(12).default([]),
  rationale: z.string().optional(),
});

export const RegionRequestSchema = z.object({
  block_id: z.string().describe("an id from the candidate list"),
  /** Zoom inside an image already shown: its label (`I3`); the sector is then read inside that image. */
  image_id: z.string().optional(),
  sector: z.string().optional().describe("grid sector A1..C3, nested with dots: B2.A1"),
  bbox: bboxList.optional(),
  reason: z.string().default(""),
});

export const CollectorSchema = z.object({
  /** Ids only: block text is never echoed back (the reference's collector overflowed its output cap doing so). */
  selected_block_ids: z.array(z.string()).max(60).default([]),
  requested_images: z.array(z.object({ block_id: z.string(), reason: z.string().default("") })).max(12).default([]),
  requested_rois: z.array(RegionRequestSchema).max(12).default([]),
  notes: z.string().optional(),
});

export const ModelCitationSchema = z.object({
  block_id: z.string(),
  kind: z.enum(["text_block", "image_block", "roi"]),
  page: z.number().int().min(1).optional(),
  image_id: z.string().optional(),
  /** Where on the cited image (or block) the fact is, 0..1 of it; mapped to page coordinates on our side. */
  bbox: z.array(z.number().min(0).max(1)).length(4).optional(),
  note: z.string().optional(),
});

export const ModelDiffSchema = z.object({
  item: z.string(),
  a: z.string().optional(),
  b: z.string().optional(),
  status: z.enum(["same", "changed", "only_a", "only_b"]),
  citations: z.array(ModelCitationSchema).default([]),
});

export const ModelAnswerSchema = z.object({
  answer_markdown: z.string(),
  citations: z.array(ModelCitationSchema).default([]),
  /** What the model read on each image, carried to later rounds instead of re-sending the image. */
  observations: z.array(z.object({ image_id: z.string(), text: z.string() })).default([]),
  issues: z.array(z.string()).default([]),
  recommendations: z.array(z.string()).default([]),
  diff: z.array(ModelDiffSchema).default([]),
  unverified: z.array(z.string()).default([]),
  follow_up_questions: z.array(z.string()).default([]),
  needs_more_evidence: z.boolean().default(false),
  requested_images: z.array(z.object({ block_id: z.string(), reason: z.string().default("") })).default([]),
  requested_rois: z.array(RegionRequestSchema).default([]),
});

export type Intent = z.infer<typeof IntentSchema>;
export type RegionRequest = z.infer<typeof RegionRequestSchema>;
export type CollectorOutput = z.infer<typeof CollectorSchema>;
export type ModelCitation = z.infer<typeof ModelCitationSchema>;
export type ModelAnswer = z.infer<typeof ModelAnswerSchema>;
