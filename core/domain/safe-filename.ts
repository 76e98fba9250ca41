/** Longest display name kept, in UTF-8 bytes (a filesystem's name limit). */
export const MAX_FILENAME_BYTES = 255;

// eslint-disable-next-line no-control-regex -- control and bidi-override characters are exactly what is removed
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const RESERVED = /[<>:"|?*]/gu;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/iu;

/**
 * A user's file name made safe to show and to offer as a download name: its last path segment only (no folders,
 * no `..`), without control or direction-override characters or characters Windows refuses, not hidden (no leading
 * dot), at most 255 UTF-8 bytes with its extension kept. Display only: never part of a storage key or a path.
 */
export function safeFilename(raw: string | undefined, fallbackExtension: string): string {
  const last = (raw ?? "").normalize("NFC").split(/[/\\]/u).at(-1) ?? "";
  let name = last.replace(UNSAFE, "").replace(RESERVED, "_").trim().replace(/^[.\s]+/u, "").replace(/[.\s]+$/u, "");
  if (WINDOWS_DEVICE.test(name)) name = `_${name}`;
  if (name === "") name = `upload.${fallbackExtension}`;
  return capBytes(name);
}

function capBytes(name: string): string {
  if (Buffer.byteLength(name) <= MAX_FILENAME_BYTES) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
  let stem = [...name.slice(0, name.length - extension.length)];
  while (stem.length > 0 && Buffer.byteLength(stem.join("") + extension) > MAX_FILENAME_BYTES) stem = stem.slice(0, -1);
  return stem.join("") + extension;
}
