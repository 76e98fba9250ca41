import type { Block } from "../domain/block.js";

/**
 * The sheet's title block (штамп) repeats the sheet title, so it matches floor and sheet words on every page while
 * rarely holding the answer. The parser marks it; imported text is recognised by its fixed column captions.
 */
export function isTitleBlock(block: Block): boolean {
  if (block.meta?.titleBlock === true) return true;
  return block.kind === "TABLE" && /Разраб/.test(block.text) && /Кол\.?\s?уч/.test(block.text);
}
