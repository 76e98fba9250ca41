import { describe, expect, it } from "vitest";
import { resolveAgentSettings } from "./agent-settings.js";
import { estimatePromptTokens, fitBudgetToModel, imageTokensOf } from "./fit-budget-to-model.js";

const settings = resolveAgentSettings({});
const question = "Сколько перемычек ПР-1 на плане 2 этажа?";

describe("fitBudgetToModel", () => {
  it("leaves the budget alone without limits, and only the images under an image limit", () => {
    expect(fitBudgetToModel(settings, undefined, question)).toEqual(settings);
    expect(fitBudgetToModel(settings, {}, question)).toEqual(settings);
    const limited = fitBudgetToModel(settings, { maxImagesPerRequest: 2 }, question);
    expect(limited.budget).toEqual({ ...settings.budget, maxImagesPerCall: 2 });
    // a limit above the budget's own does not raise it
    expect(fitBudgetToModel(settings, { maxImagesPerRequest: 30 }, question).budget.maxImagesPerCall).toBe(settings.budget.maxImagesPerCall);
  });

  it("keeps the whole budget in a large context", () => {
    expect(fitBudgetToModel(settings, { contextTokens: 1_048_576 }, question).budget).toEqual(settings.budget);
  });

  it("under a small context caps the output at a quarter of it, lets images give way, and shrinks quoted text and history by one share", () => {
    const fitted = fitBudgetToModel(settings, { contextTokens: 16_384, imageTokens: 1_500 }, question).budget;
    expect(fitted.maxOutputTokens).toBe(4_096);
    expect(fitted.maxImagesPerCall).toBeLessThan(settings.budget.maxImagesPerCall);
    expect(fitted.maxImagesPerCall).toBeGreaterThanOrEqual(1);
    expect(fitted.maxContextChars).toBeLessThan(settings.budget.maxContextChars);
    expect(fitted.historyChars / fitted.maxContextChars).toBeCloseTo(settings.budget.historyChars / settings.budget.maxContextChars, 2);
    // what was given to text and images, with the output, stays inside the context
    const textTokens = (fitted.maxContextChars + fitted.historyChars) / 3;
    expect(textTokens + fitted.maxImagesPerCall * 1_500 + fitted.maxOutputTokens).toBeLessThan(16_384);
  });

  it("gives less to quoted text the longer the user's role text is", () => {
    const plain = fitBudgetToModel(settings, { contextTokens: 32_768 }, question).budget;
    const role = fitBudgetToModel(resolveAgentSettings({ roleText: "Ты инженер-сметчик. ".repeat(500) }), { contextTokens: 32_768 }, question).budget;
    expect(role.maxContextChars + role.historyChars).toBeLessThan(plain.maxContextChars + plain.historyChars);
  });

  it("estimates an image from the render size where the server does not say, and prompts at three characters a token", () => {
    expect(imageTokensOf({ imageTokens: 258 }, settings.render)).toBe(258);
    expect(imageTokensOf(undefined, settings.render)).toBe(55 * 37);
    const image = { type: "image" as const, mimeType: "image/png", data: new Uint8Array(4) };
    expect(estimatePromptTokens({ system: "abc", messages: [{ role: "user", parts: [{ type: "text", text: "defghi" }, image, image] }] }, 100)).toBe(3 + 200);
  });
});
