import type { Answer } from "../../core/domain/answer.js";
import type { StreamEvent } from "../../core/domain/stream-event.js";

export interface PrinterOutput {
  /** The answer text as it streams (stdout). */
  text: (chunk: string) => void;
  /** Progress lines (stderr), so stdout stays the answer. */
  status: (line: string) => void;
}

/** Renders an ask run's events for a terminal: progress on stderr, the answer streamed on stdout. */
export class AskPrinter {
  private streamedRound = false;
  private answerRounds = 0;

  constructor(private readonly out: PrinterOutput) {}

  handle(event: StreamEvent): void {
    switch (event.type) {
      case "phase_started":
        if (event.phase === "answer") {
          this.answerRounds++;
          if (this.answerRounds > 1 && this.streamedRound) this.out.text("\n\n");
          this.streamedRound = false;
        }
        this.out.status(`▸ ${event.phase}: ${event.description}`);
        break;
      case "phase_progress":
        this.out.status(`  · ${event.message}`);
        break;
      case "tool_call":
        this.out.status(`  ⚙ ${event.tool} ${describe(event.parameters)}${event.reason ? ` — ${event.reason}` : ""}`);
        break;
      case "image_ready":
        this.out.status(`  ▣ ${event.kind} of ${event.block_id ?? "page"} p.${event.page} · ${event.width}×${event.height} · ${event.dpi} dpi`);
        break;
      case "llm_token":
        if (!this.streamedRound && this.answerRounds > 1) this.out.text(`— round ${this.answerRounds} —\n`);
        this.streamedRound = true;
        this.out.text(event.token);
        break;
      default:
        break;
    }
  }

  /** After `completed`: the answer (unless it was just streamed), then its sources and open points. */
  printAnswer(answer: Answer, images: ReadonlyArray<{ id: string; path: string }>): void {
    if (answer.mode === "evidence_only") this.out.status("Evidence-only mode: no language model is configured (set GEMINI_API_KEY, or your own key with `aizoomdoc settings set-key`, for LLM answers).");
    this.out.text(this.streamedRound ? "\n" : `${answer.answer_markdown}\n`);
    const section = (title: string, lines: string[]) => lines.length > 0 && this.out.text(`\n${title}\n${lines.map((l) => `  ${l}`).join("\n")}\n`);
    section(
      "Sources:",
      answer.citations.map((c, i) => {
        const image = c.image_id ? images.find((x) => x.id === c.image_id) : undefined;
        return `[${i + 1}] ${c.kind} ${c.block_id}${c.page ? ` p.${c.page}` : ""}${c.document_id ? ` (${c.document_id})` : ""}${image ? ` → ${image.path}` : ""}${c.note ? ` — ${c.note}` : ""}`;
      }),
    );
    section("Issues:", answer.issues);
    section("Recommendations:", answer.recommendations);
    section(
      "Diff:",
      (answer.diff ?? []).filter((d) => d.status !== "same").map((d) => `${d.status}: ${d.item}${d.a ? ` | A: ${d.a}` : ""}${d.b ? ` | B: ${d.b}` : ""}`),
    );
    section("Unverified:", answer.unverified);
    section("Evidence images:", images.map((i) => i.path));
    const u = answer.usage;
    if (u && u.calls > 0) this.out.status(`model calls ${u.calls} · tokens in ${u.input_tokens} / out ${u.output_tokens} · images sent ${u.images}`);
    const t = answer.timings_ms;
    if (t?.total !== undefined) this.out.status(`time ${(t.total / 1000).toFixed(1)} s (model ${((t.model ?? 0) / 1000).toFixed(1)} s)`);
  }
}

function describe(parameters: Record<string, unknown>): string {
  return Object.entries(parameters)
    .filter(([key]) => key !== "document_id" && key !== "document_ids")
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(",") : String(value)}`)
    .join(" ");
}
