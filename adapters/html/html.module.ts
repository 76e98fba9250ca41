import { ContainerModule } from "inversify";
import { OcrHtmlReader } from "../../core/ports/ocr-html-reader.js";
import { NodeHtmlOcrReader } from "./node-html-ocr-reader.js";

/** Binds the reader of `*_ocr.html` exports. */
export function htmlModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<OcrHtmlReader>(OcrHtmlReader)
      .toDynamicValue(() => new NodeHtmlOcrReader())
      .inSingletonScope();
  });
}
