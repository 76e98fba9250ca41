import { describe, expect, it } from "vitest";
import type { Block, BlockKind } from "./block.js";
import { blockCaption } from "./block-caption.js";

let ordinal = 0;
const block = (kind: BlockKind, text: string, bboxNorm?: [number, number, number, number], extra: Partial<Block> = {}): Block => ({
  id: `B${String(++ordinal).padStart(3, "0")}-0000-000`,
  documentId: "d",
  kind,
  page: 1,
  text,
  source: "text-layer",
  ordinal,
  ...(bboxNorm ? { bboxNorm } : {}),
  ...extra,
});

// a floor-plan sheet as the generator lays it out: the plan's heading and scale over the plan, a schedule's heading over it
const heading = block("TEXT", "План 2 этажа на отм. +4,950", [0.34, 0.02, 0.44, 0.034]);
const scale = block("TEXT", "М 1:100", [0.38, 0.037, 0.4, 0.045]);
const scheduleHeading = block("TEXT", "Спецификация перемычек", [0.76, 0.031, 0.83, 0.042]);
const schedule = block("TABLE", "| Поз. | Обозначение | Кол. |\n| --- | --- | --- |\n| ПР-1 | 1.038.1-1 | 9 |", [0.76, 0.044, 0.97, 0.096]);
const plan = block("IMAGE", "1\n2\nПР-1\n+4,950", [0.04, 0.048, 0.7, 0.97]);
const farTable = block("TABLE", "| Номер | Площадь, м² |\n| --- | --- |\n| 2.01 | 26,78 |", [0.76, 0.3, 0.97, 0.46]);
const stamp = block("TABLE", "| Изм. | Кол.уч. |\n| --- | --- |", [0.78, 0.9, 0.99, 0.99], { meta: { titleBlock: true } });
const sheet = [heading, scale, scheduleHeading, schedule, plan, farTable, stamp];

describe("a block's caption as its sheet names it", () => {
  it("takes the heading right above a drawing or a table, not the scale beside it nor a heading over something else", () => {
    expect(blockCaption(plan, sheet)).toBe("План 2 этажа на отм. +4,950");
    expect(blockCaption(schedule, sheet)).toBe("Спецификация перемычек");
  });

  it("falls back to a table's header cells, a drawing's description, a text's first line; the title block is the stamp", () => {
    expect(blockCaption(farTable, sheet)).toBe("Таблица: Номер, Площадь, м²");
    expect(blockCaption(block("IMAGE", "", undefined, { description: "Узел примыкания окна. Масштаб 1:10" }), sheet)).toBe("Узел примыкания окна.");
    expect(blockCaption(block("IMAGE", "ПР-1"), sheet)).toBeUndefined();
    expect(blockCaption(block("TEXT", "1. Перемычки над проемами\nустанавливать по спецификации"), sheet)).toBe("1. Перемычки над проемами");
    expect(blockCaption(stamp, sheet)).toBe("Штамп листа");
    expect(blockCaption(block("TEXT", "x".repeat(200)), sheet)).toHaveLength(90);
  });
});
