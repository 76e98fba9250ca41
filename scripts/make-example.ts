/**
 * Writes the bundled example: a six-sheet A1 set (floor plans of floors 1, 2, 3, 5 and 7, each with its lintel
 * specification, and the window/door specification sheet), plus its truth manifest next to it, so the README
 * question «Какие перемычки на 2 этаже и сколько их?» has a known answer.
 * Usage: node dist/scripts/make-example.js [output.pdf]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { generateDrawingSet } from "../fixtures/drawing-set-generator.js";

const output = resolve(process.argv[2] ?? "examples/generated/example-set.pdf");
const { pdf, truth } = generateDrawingSet({
  sheets: [
    { kind: "floor-plan", floor: 1 },
    { kind: "floor-plan", floor: 2 },
    { kind: "floor-plan", floor: 3 },
    { kind: "floor-plan", floor: 5 },
    { kind: "floor-plan", floor: 7 },
    { kind: "specification" },
  ],
  format: "A1",
  seed: "aizoomdoc-example",
  cipher: "133/23-ГК-АР4",
});
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, pdf);
writeFileSync(output.replace(/\.pdf$/i, "") + ".truth.json", JSON.stringify(truth, null, 1));
const second = truth.sheets.find((s) => s.floor === 2)!;
const total = second.lintels!.reduce((n, r) => n + r.count, 0);
console.log(`wrote ${output} (${truth.sheets.length} sheets, ${pdf.length} bytes)`);
console.log(`floor 2 lintels: ${second.lintels!.map((r) => `${r.brand} × ${r.count}`).join(", ")}; total ${total}`);
