import { describe, expect, it } from "vitest";
import { growToWholeLabels } from "./whole-labels.js";

describe("growToWholeLabels", () => {
  const region: [number, number, number, number] = [0.2, 0.2, 0.4, 0.4];

  it("grows a region to take in whole the labels that cross its edges, and only those", () => {
    const cut: [number, number, number, number] = [0.19, 0.3, 0.21, 0.31];
    const below: [number, number, number, number] = [0.3, 0.395, 0.32, 0.405];
    const inside: [number, number, number, number] = [0.25, 0.25, 0.27, 0.26];
    const outside: [number, number, number, number] = [0.5, 0.5, 0.52, 0.51];
    // with 0.3 label heights of white: 0.003 beside the cut label, 0.003 under the one below
    const grown = growToWholeLabels(region, [cut, below, inside, outside]);
    [0.187, 0.2, 0.4, 0.408].forEach((v, i) => expect(grown[i]).toBeCloseTo(v, 6));
  });

  it("ignores long lines that run across it and stays inside the page", () => {
    expect(growToWholeLabels(region, [[0.1, 0.3, 0.9, 0.31]])).toEqual(region);
    expect(growToWholeLabels([0, 0, 0.2, 0.2], [[-0.01, 0.1, 0.01, 0.11]])).toEqual([0, 0, 0.2, 0.2]);
  });
});
