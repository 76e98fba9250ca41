import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { DomainError } from "./errors.js";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals secrets kept at rest (a user's own Gemini key) with AES-256-GCM. The cipher key is derived with HKDF from
 * the deployment's secret (or the local key file), so the raw secret never doubles as a cipher key and each purpose
 * gets its own key. Sealed form: `v1:<base64 iv|tag|ciphertext>`; the purpose is bound as associated data, so a
 * value sealed for one purpose does not open for another.
 */
export class SecretBox {
  private readonly key: Buffer;

  /** `secret`: at least 32 bytes of key material (random bytes, or a long random string). */
  constructor(secret: Uint8Array | string, private readonly purpose = "settings") {
    const material = typeof secret === "string" ? Buffer.from(secret, "utf8") : Buffer.from(secret);
    if (material.length < 32) throw new Error("SecretBox: the secret needs at least 32 bytes");
    this.key = Buffer.from(hkdfSync("sha256", material, "aizoomdoc", `secret-box:${purpose}`, 32));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(this.purpose, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
  }

  /** `SECRET.UNREADABLE` when the value is not ours, was altered, or was sealed with another secret. */
  open(sealed: string): string {
    const [version, payload] = sealed.split(":", 2);
    const bytes = version === VERSION && payload ? Buffer.from(payload, "base64") : Buffer.alloc(0);
    if (bytes.length < IV_BYTES + TAG_BYTES) throw unreadable();
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(this.purpose, "utf8"));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      throw unreadable();
    }
  }
}

const unreadable = () =>
  new DomainError("SECRET.UNREADABLE", "a stored secret cannot be decrypted: the secret key changed since it was saved (set it again)");
