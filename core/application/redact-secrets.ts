const REDACTED = "[REDACTED]";

/** Shapes of secrets that may turn up in prompts, replies or error messages. */
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Google API keys
  [/AIza[0-9A-Za-z_-]{30,}/g, REDACTED],
  // JWTs (access tokens)
  [/eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g, REDACTED],
  // bearer tokens in headers
  [/(bearer\s+)[\w.~+/=-]{8,}/gi, `$1${REDACTED}`],
  // vendor-style secret keys (sk-…, ghp_…, xox…)
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, REDACTED],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, REDACTED],
  // passwords in connection URLs
  [/(\/\/[^/\s:@]+:)[^@\s/]+@/g, `$1${REDACTED}@`],
  // key=value / "key": "value" pairs naming a secret
  [/((?:api[_-]?key|access[_-]?key|secret|token|password|passwd|authorization)["']?\s*[:=]\s*["']?)[^\s"',;&]{4,}/gi, `$1${REDACTED}`],
];

/**
 * Text with secrets replaced by `[REDACTED]`: the values the caller knows (a user's API key) wherever they occur,
 * and common secret shapes (API keys, JWTs, bearer tokens, passwords in URLs, `token=…` pairs).
 */
export function redactSecrets(text: string, known: ReadonlyArray<string | undefined> = []): string {
  let result = text;
  for (const secret of known) if (secret && secret.length >= 4) result = result.split(secret).join(REDACTED);
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  return result;
}
