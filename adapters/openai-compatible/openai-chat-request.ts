import { z } from "zod";
import type { GenerateRequest } from "../../core/ports/language-model.js";
import { convertToOpenAiMessages } from "./convert-to-openai-messages.js";
import type { OpenAiConfig } from "./openai.config.js";

/** What the adapter has learnt the server accepts; starts from the configuration and narrows on refusals. */
export interface ServerDialect {
  structuredOutput: OpenAiConfig["structuredOutput"];
  maxTokensField: OpenAiConfig["maxTokensField"];
  thinkingControl: OpenAiConfig["thinkingControl"];
}

/** The body of one `POST /chat/completions`; thinking goes as the dialect's control, if it has one. */
export function buildChatRequest(request: GenerateRequest, model: string, dialect: ServerDialect, stream: boolean): Record<string, unknown> {
  const schema = request.schema ? toJsonSchema(request.schema) : undefined;
  const system = schema && dialect.structuredOutput !== "json_schema" ? withSchemaInstruction(request.system, schema) : request.system;
  const format = schema ? responseFormat(schema, dialect) : undefined;
  return {
    model,
    messages: convertToOpenAiMessages(system, request.messages, request.mediaResolution),
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined ? { top_p: request.topP } : {}),
    ...(request.maxOutputTokens !== undefined ? { [dialect.maxTokensField]: request.maxOutputTokens } : {}),
    ...(format ? { response_format: format } : {}),
    ...(request.thinking && dialect.thinkingControl === "reasoning_effort" ? { reasoning_effort: reasoningEffort(request.thinking) } : {}),
  };
}

/** Below these thinking budgets (tokens) the effort asked for is `low`, then `medium`; above, `high`. */
const LOW_EFFORT_TOKENS = 2_048;
const MEDIUM_EFFORT_TOKENS = 8_192;

function reasoningEffort(thinking: NonNullable<GenerateRequest["thinking"]>): "low" | "medium" | "high" {
  if (!thinking.enabled) return "low";
  const budget = thinking.budgetTokens;
  // no budget, or 0 (the reference's "the model's default"): the servers' own default effort
  if (!budget) return "medium";
  return budget < LOW_EFFORT_TOKENS ? "low" : budget <= MEDIUM_EFFORT_TOKENS ? "medium" : "high";
}

function responseFormat(schema: Record<string, unknown>, dialect: ServerDialect): Record<string, unknown> | undefined {
  if (dialect.structuredOutput === "json_object") return { type: "json_object" };
  if (dialect.structuredOutput === "prompt") return undefined;
  // not `strict`: OpenAI's strict mode wants every property required, which optional and defaulted fields are not
  return { type: "json_schema", json_schema: { name: "answer", schema, strict: false } };
}

/** For servers without schema-constrained decoding, the schema goes into the instructions and the reply is validated. */
function withSchemaInstruction(system: string, schema: Record<string, unknown>): string {
  const instruction = `Reply with one JSON object only, no prose and no Markdown fence, matching this JSON Schema:\n${JSON.stringify(schema)}`;
  return system ? `${system}\n\n${instruction}` : instruction;
}

/** JSON Schema of what the model must write: the schema's input side (defaulted fields may be omitted). */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}
