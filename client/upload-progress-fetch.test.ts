import { afterEach, describe, expect, it, vi } from "vitest";
import { fetchWithUploadProgress } from "./upload-progress-fetch.js";

/** A browser's XMLHttpRequest as far as the upload uses it: the body goes out in `steps`, then the server answers. */
class ScriptedRequest {
  static last: ScriptedRequest;
  static steps = [0.25, 0.5, 1];
  opened: [string, string] | undefined;
  headers: Record<string, string> = {};
  status = 0;
  statusText = "";
  response: ArrayBuffer | null = null;
  responseType = "";
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    ScriptedRequest.last = this;
  }
  open(method: string, url: string) {
    this.opened = [method, url];
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getAllResponseHeaders() {
    return "content-type: application/json\r\nretry-after: 3\r\n";
  }
  send(body: Blob) {
    for (const share of ScriptedRequest.steps) this.upload.onprogress?.({ loaded: Math.round(body.size * share), total: body.size, lengthComputable: true });
    this.status = 201;
    this.statusText = "Created";
    this.response = new TextEncoder().encode('{"ok":true}').buffer;
    this.onload?.();
  }
  abort() {
    this.onabort?.();
  }
}

afterEach(() => vi.unstubAllGlobals());

describe("fetch with upload progress", () => {
  it("in a browser reports the body's bytes as they go out and answers the server's response as fetch would", async () => {
    vi.stubGlobal("XMLHttpRequest", ScriptedRequest);
    const seen: Array<[number, number]> = [];
    const send = fetchWithUploadProgress((sent, total) => seen.push([sent, total]), () => Promise.reject(new Error("not fetch")));
    const response = await send("http://server/files/upload", { method: "POST", headers: { authorization: "Bearer t" }, body: new Blob([new Uint8Array(400)]) });
    expect(seen).toEqual([[100, 400], [200, 400], [400, 400]]);
    expect(ScriptedRequest.last.opened).toEqual(["POST", "http://server/files/upload"]);
    expect(ScriptedRequest.last.headers).toEqual({ authorization: "Bearer t" });
    expect(response.status).toBe(201);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.json()).toEqual({ ok: true });
  });

  it("rejects with the signal's reason when the caller gives up, as fetch does", async () => {
    vi.stubGlobal("XMLHttpRequest", ScriptedRequest);
    const abort = new AbortController();
    abort.abort(new Error("gave up"));
    const send = fetchWithUploadProgress(() => undefined, () => Promise.reject(new Error("not fetch")));
    await expect(send("http://server/files/upload", { method: "POST", signal: abort.signal })).rejects.toThrow("gave up");
  });

  it("is the plain fetch where there is no XMLHttpRequest (Node), which tells nothing of an upload", () => {
    const plain = (() => Promise.resolve(new Response(null))) as typeof fetch;
    expect(fetchWithUploadProgress(() => undefined, plain)).toBe(plain);
  });
});
