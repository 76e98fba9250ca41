import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { DialogLog, DialogLogEntry } from "../dialog-log.js";

const entry = (call: number, text: string): DialogLogEntry => ({
  at: new Date(0).toISOString(),
  runId: "run-1",
  call,
  method: "stream",
  tier: "fast",
  request: { system: "system", messages: [{ role: "user", text, images: [{ mimeType: "image/png", bytes: 10, label: "img-1" }] }], parameters: { temperature: 0.2 }, structured: true },
  response: { model: "m", text: `reply to ${text}`, usage: { inputTokens: 3, outputTokens: 1 }, finishReason: "stop" },
  elapsedMs: 5,
});

/** The `DialogLog` contract, run against every implementation. */
export function describeDialogLogContract(name: string, create: () => Promise<DialogLog>): void {
  describe(`DialogLog contract: ${name}`, () => {
    it("keeps each chat's entries in order and apart from other chats", async () => {
      const log = await create();
      const [a, b] = [randomUUID(), randomUUID()];
      await Promise.all([log.append(a, entry(1, "first")), log.append(b, entry(1, "other"))]);
      await log.append(a, entry(2, "second"));
      expect((await log.read(a)).map((e) => e.request.messages[0]!.text)).toEqual(["first", "second"]);
      expect(await log.read(b)).toEqual([entry(1, "other")]);
      expect(await log.read(randomUUID())).toEqual([]);
    });

    it("removes one chat's entries, and nothing of another chat's", async () => {
      const log = await create();
      const [a, b] = [randomUUID(), randomUUID()];
      await log.append(a, entry(1, "gone"));
      await log.append(b, entry(1, "kept"));
      await log.remove(a);
      await log.remove(randomUUID());
      expect(await log.read(a)).toEqual([]);
      expect(await log.read(b)).toEqual([entry(1, "kept")]);
      await log.append(a, entry(1, "new"));
      expect((await log.read(a)).map((e) => e.request.messages[0]!.text)).toEqual(["new"]);
    });

    it("refuses a chat id that is not a plain id", async () => {
      const log = await create();
      for (const bad of ["../x", "a/b", "", "x".repeat(101)]) {
        await expect(log.append(bad, entry(1, "x"))).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
      }
    });
  });
}
