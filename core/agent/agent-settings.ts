import { z } from "zod";
import { invalidInput } from "../domain/errors.js";

/**
 * Limits of one answer run. The reference had none (whole documents re-sent every round, 45 images in one call);
 * these defaults keep a ten-round question well under half its tokens while leaving room for real zooms.
 */
export const AgentBudgetSchema = z.object({
  /** Answer rounds including the first; the last one is always told to answer with what it has. */
  maxRounds: z.number().int().min(1).max(12).default(4),
  /** Images attached to one model call (only new images are attached; older ones travel as an index). */
  maxImagesPerCall: z.number().int().min(1).max(32).default(6),
  /** Regions rendered for one follow-up round. */
  maxRoisPerRound: z.number().int().min(1).max(16).default(4),
  /** Characters of quoted document text in one call (candidate blocks and facts together). */
  maxContextChars: z.number().int().min(2_000).max(400_000).default(24_000),
  /** Output tokens the model may spend on one answer. */
  maxOutputTokens: z.number().int().min(256).max(65_536).default(8_192),
  /** Search hits turned into candidate blocks. */
  candidateBlocks: z.number().int().min(1).max(200).default(40),
  /** Characters kept of each candidate block's text. */
  blockTextChars: z.number().int().min(80).max(8_000).default(700),
  /** Characters of earlier chat turns (questions and final answers, newest kept) quoted with a follow-up question. */
  historyChars: z.number().int().min(0).max(100_000).default(6_000),
  /** Images rendered by evidence-only mode. */
  evidenceOnlyImages: z.number().int().min(0).max(16).default(6),
});

export const RenderSettingsSchema = z.object({
  /**
   * Long side, in pixels, aimed at for an overview; the DPI follows from the region's physical size.
   * 1536 = two of Gemini's 768-px image tiles: 2000 px would cost three tiles a side for little more detail.
   */
  overviewPixels: z.number().int().min(256).max(8_000).default(1_536),
  /** Long side aimed at for a zoomed region: nested sectors get a higher DPI, not a downscale. */
  roiPixels: z.number().int().min(256).max(8_000).default(1_536),
  minDpi: z.number().int().min(36).max(300).default(72),
  /** Ceiling of the DPI chosen for size; a region whose smallest text needs more to be legible gets that instead. */
  maxDpi: z.number().int().min(72).max(2_400).default(600),
  /**
   * Below this effective overview DPI a sheet is "large": its quadrants are rendered too when detail matters
   * (drawing text of 2.5 mm needs about 100 DPI to be legible).
   */
  quadrantBelowDpi: z.number().int().min(10).max(300).default(100),
  /** DPI used when the page size is unknown (imports without a PDF). */
  defaultDpi: z.number().int().min(36).max(600).default(200),
});

export const AgentSettingsSchema = z.object({
  profile: z.enum(["simple", "complex"]).default("simple"),
  /** Role prompt id suffix (`engineer`, `economist`, `warranty-engineer`); absent = no role. */
  role: z.string().min(1).optional(),
  /** A user's own role prompt text (from their stored roles); wins over `role`. Framed as the user's, not ours. */
  roleText: z.string().min(1).max(100_000).optional(),
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  thinking: z.object({ enabled: z.boolean(), budgetTokens: z.number().int().min(0).optional() }).optional(),
  mediaResolution: z.enum(["low", "medium", "high"]).optional(),
  /** Per-user API key handed to the model adapter. */
  apiKey: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(1_000).optional(),
  budget: AgentBudgetSchema.prefault({}),
  render: RenderSettingsSchema.prefault({}),
});

export type AgentBudget = z.infer<typeof AgentBudgetSchema>;
export type RenderSettings = z.infer<typeof RenderSettingsSchema>;
export type AgentSettings = z.infer<typeof AgentSettingsSchema>;
/** What a caller may override per request or per user; everything else keeps its default. */
export type AgentSettingsInput = z.input<typeof AgentSettingsSchema>;

export function resolveAgentSettings(...layers: Array<AgentSettingsInput | undefined>): AgentSettings {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const previous = merged[key];
      merged[key] =
        (key === "budget" || key === "render") && typeof previous === "object" && previous !== null
          ? { ...previous, ...(value as object) }
          : value;
    }
  }
  const parsed = AgentSettingsSchema.safeParse(merged);
  if (!parsed.success) {
    throw invalidInput(`agent settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
