import type { Intent, ModelAnswer } from "./model-schemas.js";

export type GateDecision =
  | { action: "accept" }
  | { action: "follow_up"; reason: "model_requested" | "visual_detail_uncited"; note: string };

/**
 * Decides whether another round is worth it. The model's own request for regions wins; otherwise, when the
 * question needs drawing detail and no zoomed region backs the answer, the gate forces one zoom round — once,
 * so a model that never cites a region cannot keep the loop spinning (the reference's ten-round trap).
 */
export function qualityGate(input: { intent: Intent; answer: ModelAnswer; gateAlreadyForced: boolean; hasDrawings: boolean }): GateDecision {
  const { intent, answer } = input;
  const requested = answer.requested_rois.length + answer.requested_images.length;
  if (answer.needs_more_evidence && requested > 0) {
    return { action: "follow_up", reason: "model_requested", note: `the model asked for ${requested} more region(s)` };
  }
  const roiCited = answer.citations.some((c) => c.kind === "roi");
  if (intent.requires_visual_detail && !roiCited && !input.gateAlreadyForced && input.hasDrawings) {
    return {
      action: "follow_up",
      reason: "visual_detail_uncited",
      note: "the question needs drawing detail but no zoomed region backs the answer; read the new zoomed regions and cite them",
    };
  }
  return { action: "accept" };
}
