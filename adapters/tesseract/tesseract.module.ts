import { ContainerModule } from "inversify";
import { TextRecognizer } from "../../core/ports/text-recognizer.js";
import type { TesseractConfigInput } from "./tesseract.config.js";
import { TesseractTextRecognizer } from "./tesseract-text-recognizer.js";

/** Binds the local tesseract.js recognizer; its workers are terminated when the container unbinds it. */
export function tesseractModule(config: TesseractConfigInput = {}, warn?: (message: string) => void): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<TesseractTextRecognizer>(TesseractTextRecognizer)
      .toDynamicValue(() => new TesseractTextRecognizer(config, warn))
      .inSingletonScope()
      .onDeactivation((recognizer) => recognizer.close());
    bind<TextRecognizer>(TextRecognizer).toService(TesseractTextRecognizer);
  });
}
