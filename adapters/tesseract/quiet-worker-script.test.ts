import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { quietWorkerScript } from "./quiet-worker-script.js";

/** Everything a worker thread writes to stderr until it exits. */
async function stderrOf(worker: Worker): Promise<string> {
  let text = "";
  worker.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
  await new Promise((resolve, reject) => worker.once("exit", resolve).once("error", reject));
  return text;
}

describe("quietWorkerScript", () => {
  it("runs the given worker script with Leptonica's diagnostics dropped and every other stderr line kept", async () => {
    const script = join(mkdtempSync(join(tmpdir(), "quiet-worker-")), "worker.cjs");
    writeFileSync(
      script,
      [
        'console.error("Error in pixScanForForeground: invalid box");',
        'console.error("Warning in boxClipToRectangle: box outside rectangle");',
        'console.error("the engine failed: out of memory");',
        'require("node:worker_threads").parentPort.postMessage("loaded");',
      ].join("\n"),
    );
    const worker = new Worker(quietWorkerScript(script), { stderr: true });
    const message = new Promise((resolve) => worker.once("message", resolve));
    const output = stderrOf(worker);
    expect(await message).toBe("loaded");
    await worker.terminate();
    expect(await output).toBe("the engine failed: out of memory\n");
  });
});
