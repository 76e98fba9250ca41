/**
 * Pulls one top-level string field (e.g. `answer_markdown`) out of a JSON object while it is still being
 * streamed, so the answer text can be shown token by token before the whole object has arrived.
 *
 * Feed it the raw chunks in order; each `push` returns the newly decoded characters of the field's value.
 * Escapes (`\n`, `\"`, `\u0416`, surrogate pairs) are decoded even when split across chunks, and a high
 * surrogate is held back until its low half arrives so no delta ever carries half a character.
 * Only the first occurrence of the key directly inside the outermost object counts; the same key inside
 * nested objects or arrays is ignored. Text before the object (a Markdown fence) is skipped.
 */
export class StreamedJsonFieldExtractor {
  /** Open objects and arrays, outermost first. */
  private readonly stack: Array<"{" | "["> = [];
  private inString = false;
  /** The string being read is a key of the outermost object. */
  private readingTopKey = false;
  private keyBuffer = "";
  private expectingKey = false;
  /** The last top-level key was the field; its value comes next. */
  private awaitingValue = false;
  private capturing = false;
  private escape: string | undefined;
  private heldSurrogate = "";
  private decoded = "";
  private finished = false;

  constructor(private readonly field: string) {}

  /** The field's value decoded so far (the sum of every delta returned). */
  get value(): string {
    return this.decoded;
  }

  /** True once the field's closing quote has been read. */
  get complete(): boolean {
    return this.finished;
  }

  push(chunk: string): string {
    let delta = "";
    // By UTF-16 code unit, so a raw surrogate pair split across chunks is handled like an escaped one.
    for (let index = 0; index < chunk.length && !this.finished; index++) {
      const char = chunk[index] as string;
      delta += this.inString ? this.readStringChar(char) : this.readStructureChar(char);
    }
    this.decoded += delta;
    return delta;
  }

  private readStructureChar(char: string): string {
    const stack = this.stack;
    const top = stack[stack.length - 1];
    if (char === "{" || char === "[") {
      this.awaitingValue = false;
      stack.push(char);
      this.expectingKey = char === "{";
    } else if (char === "}" || char === "]") {
      stack.pop();
      this.expectingKey = false;
    } else if (char === ",") {
      this.expectingKey = top === "{";
    } else if (char === ":") {
      this.expectingKey = false;
    } else if (char === '"') {
      this.inString = true;
      const isKey = top === "{" && this.expectingKey;
      this.readingTopKey = isKey && stack.length === 1;
      this.keyBuffer = "";
      this.capturing = !isKey && this.awaitingValue && stack.length === 1;
      this.awaitingValue = false;
    } else if (!/\s/.test(char) && stack.length > 0) {
      // A number, true/false/null: the field's value (if it was this one) is not a string.
      this.awaitingValue = false;
    }
    return "";
  }

  private readStringChar(char: string): string {
    if (this.escape !== undefined) {
      this.escape += char;
      const decoded = decodeEscape(this.escape);
      if (decoded === undefined) return "";
      this.escape = undefined;
      return this.emit(decoded);
    }
    if (char === "\\") {
      this.escape = "";
      return "";
    }
    if (char === '"') {
      this.inString = false;
      if (this.readingTopKey) {
        this.awaitingValue = this.keyBuffer === this.field;
        this.readingTopKey = false;
      }
      if (this.capturing) {
        this.capturing = false;
        this.finished = true;
        const rest = this.heldSurrogate;
        this.heldSurrogate = "";
        return rest;
      }
      return "";
    }
    return this.emit(char);
  }

  private emit(text: string): string {
    if (this.readingTopKey) {
      this.keyBuffer += text;
      return "";
    }
    if (!this.capturing) return "";
    const combined = this.heldSurrogate + text;
    const last = combined.charCodeAt(combined.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.heldSurrogate = combined.slice(-1);
      return combined.slice(0, -1);
    }
    this.heldSurrogate = "";
    return combined;
  }
}

const simpleEscapes: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** The decoded text of an escape body (what follows the backslash), or undefined while it is incomplete. */
function decodeEscape(body: string): string | undefined {
  if (body[0] !== "u") return simpleEscapes[body] ?? body;
  if (body.length < 5) return undefined;
  const code = Number.parseInt(body.slice(1, 5), 16);
  return Number.isNaN(code) ? body : String.fromCharCode(code);
}

