import pRetry, { AbortError } from "p-retry";
import type { z } from "zod";
import { DomainError } from "../core/domain/errors.js";
import { WireToken } from "../hosts/http/wire/wire-auth.js";
import { AccessSession, type AccessSessionOptions } from "./access-session.js";
import { abortableDelay } from "./abortable-delay.js";
import { RemoteError, ServerUnreachableError, errorFromResponse } from "./remote-errors.js";
import { fetchWithUploadProgress, type UploadProgress } from "./upload-progress-fetch.js";

export interface RetryOptions {
  /** Tries after the first (default 4). */
  retries?: number;
  /** The first backoff (default 250 ms); it doubles, up to `maxDelayMs` (default 5 s), randomised. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the error goes to the caller (default 30 s). */
  maxRetryAfterMs?: number;
}

export interface TransportOptions extends AccessSessionOptions {
  baseUrl: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** How long to wait for a response's headers before the try counts as lost (default 30 s; the body may take longer). */
  headersTimeoutMs?: number;
  /** How a `Retry-After` is waited out (tests observe it). */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface Call {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: FormData;
  /** Told how much of the body has gone out (in a browser; see `fetchWithUploadProgress`). */
  onUploadProgress?: UploadProgress;
  headers?: Record<string, string>;
  /**
   * Safe to send again when no answer came (GET, DELETE, a PATCH of values, an upload the server deduplicates).
   * Every call is tried again on 429, and on 503 with `Retry-After`: the server refused it before acting.
   */
  idempotent: boolean;
  signal?: AbortSignal | undefined;
  /** Default true: the access token goes in `Authorization`. */
  auth?: boolean;
  /**
   * A DELETE: when a try lost its connection, a later try's `*.NOT_FOUND` means the lost one deleted it (an empty
   * 204 stands in), not that it never existed.
   */
  goneMeansDone?: boolean;
}

/**
 * HTTP for the client: the base URL, the access token (refreshed before expiry, and once on a 401), retries with
 * backoff, and failures as `DomainError`s. Only the global `fetch` API is used, so it runs in Node and in browsers.
 */
export class HttpTransport {
  readonly session: AccessSession;
  private readonly fetch: typeof fetch;
  private readonly base: string;
  private readonly retry: Required<RetryOptions>;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly headersTimeoutMs: number;

  constructor(options: TransportOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.retry = { retries: 4, minDelayMs: 250, maxDelayMs: 5_000, maxRetryAfterMs: 30_000, ...options.retry };
    this.wait = options.wait ?? abortableDelay;
    this.headersTimeoutMs = options.headersTimeoutMs ?? 30_000;
    this.session = new AccessSession(async ({ path, body, bearer, signal }) => {
      const response = await this.request({ method: "POST", path, json: body, idempotent: true, auth: false, signal, ...(bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {}) });
      return this.parse(WireToken, response, path);
    }, options);
  }

  /** The successful response of a call (its body unread); a failure is thrown as a `DomainError`. */
  request(call: Call): Promise<Response> {
    const { retries, minDelayMs, maxDelayMs, maxRetryAfterMs } = this.retry;
    let lostOne = false;
    const attempt = async () => {
      try {
        return await this.attempt(call);
      } catch (error) {
        if (call.goneMeansDone && lostOne && error instanceof RemoteError && error.code.endsWith(".NOT_FOUND")) return new Response(null, { status: 204 });
        lostOne ||= error instanceof ServerUnreachableError;
        throw error;
      }
    };
    return pRetry(attempt, {
      retries,
      minTimeout: minDelayMs,
      maxTimeout: maxDelayMs,
      randomize: true,
      ...(call.signal ? { signal: call.signal } : {}),
      // called only when a try is left: a Retry-After is waited out first, then the (short) backoff
      shouldRetry: async ({ error }) => {
        if (!DomainError.isInstance(error) || !error.isRetryable) return false;
        const wait = error instanceof RemoteError ? error.retryAfterMs : undefined;
        const refusedBeforeActing = error instanceof RemoteError && (error.status === 429 || (error.status === 503 && wait !== undefined));
        if (!call.idempotent && !refusedBeforeActing) return false;
        if (wait !== undefined && wait > maxRetryAfterMs) return false;
        if (wait) await this.wait(wait, call.signal);
        return true;
      },
    });
  }

  /** A call's JSON answer, parsed with the route's wire schema. */
  async json<S extends z.ZodType>(schema: S, call: Call): Promise<z.output<S>> {
    return this.parse(schema, await this.request(call), `${call.method} ${call.path}`);
  }

  async parse<S extends z.ZodType>(schema: S, response: Response, what: string): Promise<z.output<S>> {
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new ServerUnreachableError(`the answer to ${what} is not JSON`, { cause: error, retryable: false });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ServerUnreachableError(`the answer to ${what} does not match the client's schema: ${issue?.path.join(".")}: ${issue?.message}`, { retryable: false });
    }
    return parsed.data;
  }

  /** One try: with a token the server refuses, the token is renewed once and the call sent again. */
  private async attempt(call: Call): Promise<Response> {
    try {
      const auth = call.auth ?? true;
      const token = auth ? await this.session.bearer(call.signal) : undefined;
      let response = await this.send(call, token);
      if (response.status === 401 && token) {
        await response.body?.cancel().catch(() => undefined);
        response = await this.send(call, await this.session.renew(token, call.signal));
      }
      if (response.ok) return response;
      throw await errorFromResponse(response);
    } catch (error) {
      // the caller gave up: no retry, and the abort reason as the in-process binding throws it
      if (call.signal?.aborted) throw new AbortError(call.signal.reason as Error);
      throw error;
    }
  }

  private async send(call: Call, token: string | undefined): Promise<Response> {
    const url = new URL(this.base + call.path);
    for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: "application/json", ...call.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | FormData | undefined;
    if (call.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(call.json);
    } else if (call.form) body = call.form;
    // a server that takes the connection but never answers must not hold the call forever
    const silence = new AbortController();
    const timer = setTimeout(() => silence.abort(), this.headersTimeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, silence.signal]) : silence.signal;
    try {
      const send = call.onUploadProgress ? fetchWithUploadProgress(call.onUploadProgress, this.fetch) : this.fetch;
      return await send(url, { method: call.method, headers, ...(body !== undefined ? { body } : {}), signal });
    } catch (error) {
      if (call.signal?.aborted) throw error;
      const why = silence.signal.aborted ? `no answer within ${this.headersTimeoutMs} ms` : (error as Error).message;
      throw new ServerUnreachableError(`${call.method} ${call.path}: no answer from ${this.base} (${why})`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
