import { ContainerModule } from "inversify";
import { DocumentParser } from "../../core/ports/document-parser.js";
import { PageRenderer } from "../../core/ports/page-renderer.js";
import type { MupdfConfig } from "./mupdf.config.js";
import { MupdfDocumentParser } from "./mupdf-document-parser.js";
import { MupdfPageRenderer } from "./mupdf-page-renderer.js";

/** Binds the MuPDF document parser and page renderer (on unbind the parser stops its workers, the renderer releases its open documents). */
export function mupdfModule(config: Partial<MupdfConfig> = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<MupdfDocumentParser>(MupdfDocumentParser)
      .toDynamicValue(() => new MupdfDocumentParser(config))
      .inSingletonScope()
      .onDeactivation((parser) => parser.close());
    bind<DocumentParser>(DocumentParser).toService(MupdfDocumentParser);
    bind<MupdfPageRenderer>(MupdfPageRenderer)
      .toDynamicValue(() => new MupdfPageRenderer(config))
      .inSingletonScope()
      .onDeactivation((renderer) => renderer.close());
    bind<PageRenderer>(PageRenderer).toService(MupdfPageRenderer);
  });
}
