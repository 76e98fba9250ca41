import { createHmac, timingSafeEqual } from "node:crypto";

/** How long an image link in a response works without a token: long enough to read a chat, short enough to leak little. */
const LINK_TTL_SECONDS = 3600;

/**
 * Short-lived signed URLs for evidence images, for `<img>` tags and the Python client's downloads, which send no token.
 * A signature binds the user, the image and the expiry, so a link opens that one image for that user only.
 */
export class SignedImageLinks {
  constructor(private readonly key: Uint8Array) {}

  url(origin: string, userId: string, imageId: string, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + LINK_TTL_SECONDS;
    return `${origin}/images/${encodeURIComponent(imageId)}?user=${encodeURIComponent(userId)}&expires=${expires}&signature=${this.sign(userId, imageId, expires)}`;
  }

  /** The user a valid link is for; `undefined` for a missing, expired or forged one. */
  verify(imageId: string, query: { user?: unknown; expires?: unknown; signature?: unknown }, now = Date.now()): string | undefined {
    const { user, expires, signature } = query;
    if (typeof user !== "string" || typeof expires !== "string" || typeof signature !== "string") return undefined;
    const at = Number(expires);
    if (!Number.isInteger(at) || at * 1000 < now) return undefined;
    const expected = Buffer.from(this.sign(user, imageId, at));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? user : undefined;
  }

  private sign(userId: string, imageId: string, expires: number): string {
    return createHmac("sha256", this.key).update(`image\u0000${userId}\u0000${imageId}\u0000${expires}`).digest("base64url");
  }
}
