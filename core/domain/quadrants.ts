import { type BBoxNorm, FULL_PAGE, nestBBox } from "./geometry.js";

/**
 * The four quadrants (2×2) of a region, top-left, top-right, bottom-left, bottom-right: how a large sheet is
 * shown at readable resolution before zooming into sectors.
 */
export function quadrantsOf(region: BBoxNorm = FULL_PAGE): BBoxNorm[] {
  const halves: BBoxNorm[] = [
    [0, 0, 0.5, 0.5],
    [0.5, 0, 1, 0.5],
    [0, 0.5, 0.5, 1],
    [0.5, 0.5, 1, 1],
  ];
  return halves.map((quadrant) => nestBBox(region, quadrant));
}
