import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { slowStream, textReply } from "../../adapters/gemini/testing/gemini-wire-replies.js";
import { GeminiWireServer, type RecordedWireRequest } from "../../adapters/gemini/testing/gemini-wire-server.js";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import type { RunningServer } from "../../hosts/http/start-http-server.js";
import { startLoopbackServer } from "../../hosts/http/testing/loopback-server.js";
import { launchPage, requireBrowserTier, screenshotFolder, seriousViolations, WEB_ROOT } from "./testing/chromium-page.js";

const LINTEL_TABLE = ["На 2 этаже три марки перемычек:", "", "| Марка | Количество, шт. |", "| --- | --- |", "| ПР-1 | 4 |", "| ПР-2 | 2 |", "| ПР-3 | 1 |", "", "Всего 7 перемычек."].join("\n");

/**
 * A model that answers every question with `markdown`, as Gemini would: the intent call, then the answer streamed in
 * `pieces` SSE events over `streamMs`. Spare replies cover a follow-up round; each test clears what it left.
 */
function answerWith(wire: GeminiWireServer, markdown: string, stream: { pieces: number; streamMs: number }): void {
  const reply = (request: RecordedWireRequest) =>
    request.action === "generateContent" ? textReply(JSON.stringify({ intent_type: "element_count", requires_visual_detail: false })) : slowStream(JSON.stringify({ answer_markdown: markdown }), stream.streamMs, stream.pieces);
  for (let i = 0; i < 4; i++) wire.enqueue(reply);
}

/**
 * The answer's text every time it changes while the answer is still busy, recorded in the page (`busyText`). A
 * string, because the page's DOM types are not this Node file's.
 */
const RECORD_BUSY_TEXT = `
  window.busyText = [];
  new MutationObserver(() => {
    const text = document.querySelector(".answer[aria-busy='true'] .markdown")?.textContent ?? "";
    if (text && text !== window.busyText.at(-1)) window.busyText.push(text);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
`;

describe("the web UI with the deployment's model on the Gemini wire-format fake", () => {
  let dataDir: string;
  let wire: GeminiWireServer;
  let deployment: Deployment;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let alice: { token: string; id: string };
  let shot: (name: string) => Promise<Buffer>;

  const ask = async (question: string) => {
    await page.getByLabel("Вопрос").fill(question);
    await page.getByRole("button", { name: "Отправить" }).click();
  };
  /** The streamed answer call of the last question (the intent call is the plain `generateContent` before it). */
  const lastAnswerCall = () => wire.modelRequests.filter((r) => r.action === "streamGenerateContent").at(-1)!;

  beforeAll(async () => {
    requireBrowserTier();
    wire = await GeminiWireServer.start();
    dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-browser-model-"));
    await seedLocalDataDir(dataDir);
    deployment = await openDeployment({ dataDir, model: { provider: "gemini", apiKey: "test-key", baseUrl: wire.url } });
    const issued = await deployment.admin.addUser("alice");
    alice = { token: issued.token, id: issued.user.id };
    // the upload itself is the other file's subject; here the document is added without its block index, whose model calls the script would have to answer too
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }, { kind: "specification" }], seed: "browser-model", cipher: "133/23-ГК-АР4" });
    await deployment.forUser(alice.id).addDocument({ name: "floor-2.pdf", bytes: pdf }, { index: false });
    server = await startLoopbackServer(deployment, {}, { webRoot: WEB_ROOT });
    ({ browser, page } = await launchPage());
    shot = await screenshotFolder(page, "model-answers");
    await page.goto(server.url);
    await page.getByLabel("Токен доступа").fill(alice.token);
    await page.keyboard.press("Enter");
    await page.getByText("alice · простой режим").waitFor();
  }, 180_000);
  beforeEach(() => wire.clear());
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await deployment?.close();
    await wire?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("shows the model's tokens in the answer card while the run is busy, the text growing before the final answer", async () => {
    answerWith(wire, LINTEL_TABLE, { pieces: 12, streamMs: 3_600 });
    await page.evaluate(RECORD_BUSY_TEXT);
    await ask("Какие перемычки на 2 этаже и сколько их?");
    await page.locator(".answer[aria-busy='true'] .markdown", { hasText: "ПР-1" }).waitFor();
    await shot("tokens-streaming");
    await page.locator(".answer.complete").waitFor({ timeout: 60_000 });
    const samples = await page.evaluate<string[]>("window.busyText");
    const texts = samples.filter((text) => text !== "Готовлю ответ…");
    // several partial texts before the run was done, the first a beginning of the answer (a table row half-written
    // renders as a paragraph, then as cells, so the text grows but not by a fixed rule)
    expect(texts.length).toBeGreaterThan(2);
    const final = (await page.locator(".answer.complete .markdown").textContent())!;
    expect(texts[0]!.length).toBeLessThan(final.length);
    expect(final.startsWith(texts[0]!.trim())).toBe(true);
    expect(await page.locator(".answer.complete .model").textContent()).toBe("gemini-2.5-flash");
    expect(await page.locator(".answer.complete .badge", { hasText: "только доказательства" }).count()).toBe(0);
  });

  it("renders the answer's markdown table as an HTML table with its rows", async () => {
    const table = page.locator(".answer.complete .markdown table");
    await table.waitFor();
    expect(await table.locator("thead th").allTextContents()).toEqual(["Марка", "Количество, шт."]);
    expect(await table.locator("tbody tr").evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent)))).toEqual([
      ["ПР-1", "4"],
      ["ПР-2", "2"],
      ["ПР-3", "1"],
    ]);
    await table.scrollIntoViewIfNeeded();
    await shot("answer-table");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("sends the settings chosen in the dialog with the next question's model request", async () => {
    await page.getByRole("button", { name: "Настройки" }).click();
    const dialog = page.getByRole("dialog", { name: "Настройки" });
    await expect.poll(() => dialog.getByLabel("Роль").locator("option").count()).toBeGreaterThan(1);
    await dialog.getByLabel("Роль").selectOption("engineer");
    await dialog.getByLabel("Температура (0–2)").fill("0.3");
    await dialog.getByLabel("Top-p (0–1)").fill("0.85");
    await dialog.getByLabel("Размышления").selectOption("off");
    await dialog.getByLabel("Разрешение изображений для модели").selectOption("medium");
    await shot("settings-for-model");
    await dialog.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("alice · простой режим · роль: engineer").waitFor();

    answerWith(wire, "Перемычки ПР-1 — 4 шт.", { pieces: 3, streamMs: 300 });
    await ask("Сколько перемычек ПР-1?");
    await expect.poll(() => page.locator(".answer.complete").count(), { timeout: 60_000 }).toBe(2);
    await page.locator(".answer.complete").last().scrollIntoViewIfNeeded();
    await shot("answer-with-settings");
    const body = lastAnswerCall().body as { generationConfig: Record<string, unknown>; systemInstruction: { parts: Array<{ text: string }> } };
    expect(body.generationConfig).toMatchObject({ temperature: 0.3, topP: 0.85, thinkingConfig: { thinkingBudget: 0 }, mediaResolution: "MEDIA_RESOLUTION_MEDIUM" });
    // the engineer role's prompt is part of what the model is told
    expect(body.systemInstruction.parts.map((part) => part.text).join("\n")).toContain("senior design engineer");
  });
});
