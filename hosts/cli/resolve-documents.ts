import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import type { AizoomdocApi } from "../../core/application/aizoomdoc-api.js";
import { invalidInput } from "../../core/domain/errors.js";

/**
 * Turns command-line inputs into document ids: an existing file is ingested (a no-op when the same bytes were
 * added before), anything else must be the id of a stored document.
 */
export async function resolveDocuments(api: AizoomdocApi, inputs: readonly string[], onProgress: (line: string) => void): Promise<string[]> {
  const ids: string[] = [];
  for (const input of inputs) {
    const file = await stat(input).catch(() => undefined);
    if (file?.isFile()) {
      const name = basename(input);
      const bytes = await readFile(input).catch(() => {
        throw invalidInput(`${input}: file cannot be read`);
      });
      const document = await api.addDocument({ name, bytes }, { index: false, onProgress: (p) => p.current > 0 && onProgress(`${name}: page ${p.current}/${p.total}`) });
      onProgress(`${name}: document ${document.id} (${document.pageCount} pages)`);
      ids.push(document.id);
    } else if (/[\\/]|\.pdf$/i.test(input)) {
      throw invalidInput(`${input}: file not found`);
    } else {
      ids.push((await api.getDocument(input)).id);
    }
  }
  return ids;
}
