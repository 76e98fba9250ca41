/** How many of a request body's bytes have gone out, of how many. */
export type UploadProgress = (sent: number, total: number) => void;

/** The part of the browser's XMLHttpRequest this file uses (the client library compiles without the DOM's types). */
interface ProgressRequest {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  getAllResponseHeaders(): string;
  send(body?: unknown): void;
  abort(): void;
  status: number;
  statusText: string;
  response: ArrayBuffer | null;
  responseType: string;
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

/**
 * `fetch` that reports its body's upload as it goes out. `fetch` itself tells nothing of an upload's progress, so in
 * a browser the request goes through XMLHttpRequest (its `upload.onprogress`) and answers a `Response` as `fetch`
 * does; where there is no XMLHttpRequest (Node) it is `fallback`, and there is no progress to report.
 */
export function fetchWithUploadProgress(onProgress: UploadProgress, fallback: typeof fetch): typeof fetch {
  const Request = (globalThis as { XMLHttpRequest?: new () => ProgressRequest }).XMLHttpRequest;
  if (!Request) return fallback;
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new Request();
      xhr.open(init.method ?? "GET", String(input));
      for (const [name, value] of Object.entries((init.headers ?? {}) as Record<string, string>)) xhr.setRequestHeader(name, value);
      xhr.responseType = "arraybuffer";
      xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded, event.total);
      xhr.onload = () => resolve(new Response([101, 204, 205, 304].includes(xhr.status) ? null : xhr.response, { status: xhr.status, statusText: xhr.statusText, headers: headersOf(xhr.getAllResponseHeaders()) }));
      // as fetch fails: a TypeError for the network, the signal's reason when the caller gave up
      xhr.onerror = () => reject(new TypeError("the upload failed on the network"));
      const signal = init.signal;
      xhr.onabort = () => reject(signal?.reason ?? new DOMException("aborted", "AbortError"));
      if (signal?.aborted) return xhr.onabort();
      signal?.addEventListener("abort", () => xhr.abort(), { once: true });
      xhr.send(init.body);
    });
}

function headersOf(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}
