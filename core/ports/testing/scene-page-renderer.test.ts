import type { GlyphScene } from "./fake-text-recognizer.js";
import { INKED, describePageRendererContract } from "./page-renderer.contract.js";
import { ScenePageRenderer } from "./scene-page-renderer.js";

describePageRendererContract(
  "ScenePageRenderer",
  async () => {
    // the first word of a scene is painted in grey value 0, solid black
    const scene: GlyphScene = { pages: { 1: { width: 600, height: 400 }, 2: { width: 600, height: 400 } }, words: [{ text: "ink", page: 1, bbox: INKED }] };
    return { renderer: new ScenePageRenderer(scene), pdf: new Uint8Array(0), sourceVersion: "scene" };
  },
  { formats: [], grayPixels: true, readsPdf: false },
);
