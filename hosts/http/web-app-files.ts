import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** A file of the web UI's build, ready to send. */
export interface WebAppFile {
  body: Buffer;
  contentType: string;
  /** Content-hashed assets never change under their name; index.html must be revalidated on every load. */
  cacheControl: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * The web UI's build (`dist/web`: `index.html` and hashed `assets/`), as the server reads it. Found beside the
 * compiled server (`dist/hosts/http` → `dist/web`) or, when the server runs from source, in `dist/web` of the checkout.
 */
export class WebAppFiles {
  private constructor(private readonly root: string) {}

  /** The build at `root`, or the one next to this module; undefined when the UI has not been built. */
  static locate(root?: string): WebAppFiles | undefined {
    const candidates = root ? [root] : [fileURLToPath(new URL("../../web", import.meta.url)), fileURLToPath(new URL("../../dist/web", import.meta.url))];
    const found = candidates.find((dir) => existsSync(join(dir, "index.html")));
    return found ? new WebAppFiles(resolve(found)) : undefined;
  }

  index(): Promise<WebAppFile> {
    return this.read("index.html", "no-cache");
  }

  /** A file under `assets/` (names only, no path climbing); undefined for one the build does not have. */
  async asset(name: string): Promise<WebAppFile | undefined> {
    if (!/^[\w.-]+$/.test(name) || name.startsWith(".")) return undefined;
    const path = join(this.root, "assets", name);
    if (!path.startsWith(this.root + sep) || !existsSync(path)) return undefined;
    return this.read(join("assets", name), IMMUTABLE);
  }

  private async read(relative: string, cacheControl: string): Promise<WebAppFile> {
    const body = await readFile(join(this.root, relative));
    return { body, contentType: TYPES[extname(relative)] ?? "application/octet-stream", cacheControl };
  }
}
