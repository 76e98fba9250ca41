import type { Worker as ThreadWorker } from "node:worker_threads";
import { createWorker, OEM, type Worker } from "tesseract.js";
import { quietWorkerScript } from "./quiet-worker-script.js";
import { DomainError } from "../../core/domain/errors.js";

/** One engine in its own thread, and a promise that rejects when that thread dies. */
interface Slot {
  worker: Worker;
  /** Pool generation the worker was started in; `close` retires older ones. */
  generation: number;
  thread: ThreadWorker | undefined;
  died: Promise<never>;
  dead: boolean;
}

export interface PoolOptions {
  size: number;
  languages: string[];
  /** A folder holding `<lang>.traineddata` for every language (symlinks to the located files). */
  langPath: string;
  initTimeoutMs: number;
}

/**
 * Settles as `work` does unless stopped first: past `timeoutMs` with OCR.FAILED, by the caller's `signal` with
 * OPERATION.CANCELLED. The abort listener is removed either way.
 */
async function until<T>(work: Promise<T>, what: string, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const stop = signal ? AbortSignal.any([signal, deadline]) : deadline;
  let onStop: () => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    onStop = () =>
      reject(
        deadline.aborted
          ? new DomainError("OCR.FAILED", `${what} took longer than ${Math.round(timeoutMs / 1000)} s`)
          : new DomainError("OPERATION.CANCELLED", `${what} was cancelled`),
      );
    if (stop.aborted) onStop();
    else stop.addEventListener("abort", onStop, { once: true });
  });
  try {
    return await Promise.race([work, stopped]);
  } finally {
    stop.removeEventListener("abort", onStop);
  }
}

/**
 * A bounded set of tesseract.js workers started on demand. A job runs on an idle worker or waits; a worker
 * whose thread crashes, hangs past the timeout or is cancelled is terminated and replaced by the next job.
 * Idle threads are unreferenced so an idle pool never keeps the process alive.
 */
export class TesseractWorkerPool {
  private readonly idle: Slot[] = [];
  private readonly waiters: Array<() => void> = [];
  private live = 0;
  private generation = 0;

  constructor(private readonly options: PoolOptions) {}

  async run<T>(job: (worker: Worker) => Promise<T>, limits: { timeoutMs: number; signal?: AbortSignal }): Promise<T> {
    const slot = await this.acquire(limits.signal);
    slot.thread?.ref();
    let healthy = false;
    try {
      const result = await until(Promise.race([job(slot.worker), slot.died]), "recognition", limits.timeoutMs, limits.signal);
      healthy = true;
      return result;
    } catch (error) {
      // an engine error inside a live worker (an unreadable image) leaves the worker usable
      healthy = !slot.dead && !DomainError.isInstance(error);
      throw error;
    } finally {
      this.release(slot, healthy);
    }
  }

  /** Terminate every worker; later jobs start new ones. */
  async close(): Promise<void> {
    this.generation++;
    const slots = this.idle.splice(0);
    this.live -= slots.length;
    await Promise.all(slots.map((s) => this.terminate(s)));
  }

  private async acquire(signal?: AbortSignal): Promise<Slot> {
    for (;;) {
      if (signal?.aborted) throw new DomainError("OPERATION.CANCELLED", "recognition was cancelled");
      const slot = this.idle.pop();
      if (slot) return slot;
      if (this.live < this.options.size) {
        this.live++;
        try {
          return await this.start();
        } catch (error) {
          this.live--;
          this.wake();
          throw error;
        }
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private release(slot: Slot, healthy: boolean): void {
    slot.thread?.unref();
    if (healthy && !slot.dead && slot.generation === this.generation) this.idle.push(slot);
    else {
      this.live--;
      void this.terminate(slot);
    }
    this.wake();
  }

  private wake(): void {
    this.waiters.shift()?.();
  }

  private async start(): Promise<Slot> {
    let failInit: (reason: unknown) => void = () => undefined;
    const initFailed = new Promise<never>((_, reject) => (failInit = reject));
    const created = createWorker(this.options.languages, OEM.LSTM_ONLY, {
      langPath: this.options.langPath,
      gzip: false,
      // language files are read from langPath only: no cache reads or writes, never a download
      cacheMethod: "none",
      errorHandler: (error: unknown) => failInit(error),
      // typed as a path, but handed to `new Worker` as is, which takes a URL
      workerPath: quietWorkerScript() as unknown as string,
    });
    let worker: Worker;
    try {
      worker = await until(Promise.race([created, initFailed]), "starting the OCR engine", this.options.initTimeoutMs);
    } catch (error) {
      void created.then((w) => w.terminate()).catch(() => undefined);
      throw DomainError.isInstance(error) ? error : new DomainError("OCR.UNAVAILABLE", `the OCR engine could not start: ${String(error)}`);
    }
    const thread = (worker as Worker & { worker?: ThreadWorker }).worker;
    let died: (reason: string) => void = () => undefined;
    const slot: Slot = {
      worker,
      thread,
      dead: false,
      generation: this.generation,
      died: new Promise<never>((_, reject) => {
        died = (reason) => reject(new DomainError("OCR.FAILED", `the OCR worker stopped: ${reason}`));
      }),
    };
    const die = (reason: string) => {
      slot.dead = true;
      died(reason);
    };
    thread?.on("error", (error) => die(error.message));
    thread?.on("exit", (code) => die(`exit code ${code}`));
    // nobody awaits `died` while the slot is idle
    slot.died.catch(() => undefined);
    thread?.unref();
    return slot;
  }

  private async terminate(slot: Slot): Promise<void> {
    slot.dead = true;
    await slot.worker.terminate().catch(() => undefined);
  }
}
