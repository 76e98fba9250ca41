import OpenSeadragon from "openseadragon";
import { useEffect, useRef, useState } from "preact/hooks";
import type { AizoomdocWebClient, DocumentSummary, PageBlock } from "../../../client/index.js";
import { ErrorNotice } from "./error-notice.js";

/** A region to outline on the sheet: a cited block (solid, numbered as the citation) or a zoomed region (dashed, И1…). */
export interface Region {
  label: string;
  kind: "citation" | "zoom";
  bbox: readonly [number, number, number, number];
  /** The block shown: the legend names it by the caption its sheet gives it, the id only as a detail. */
  blockId?: string;
  /** The name when the block has no caption (or the page's captions are not loaded). */
  fallback: string;
  /** The citation's note, or the zoomed image's kind and DPI. */
  detail: string;
}

/** What the viewer shows: a page of a document, its outlined regions, and the one to fly to (none: the whole sheet). */
export interface ViewerTarget {
  documentId: string;
  page: number;
  regions: Region[];
  focus?: number;
  /** Changes with every request, so that clicking the same citation again flies back to it. */
  nonce: number;
}

/** The access token a tile request carries is renewed this often (the client refreshes it before it expires). */
const HEADER_REFRESH_MS = 4 * 60_000;

/** A region grown by a margin on each side (so its surroundings stay in view), kept within the page. */
function withMargin(bbox: readonly [number, number, number, number]): [number, number, number, number] {
  const [x1, y1, x2, y2] = bbox;
  const mx = Math.max((x2 - x1) * 0.35, 0.01);
  const my = Math.max((y2 - y1) * 0.35, 0.01);
  return [Math.max(0, x1 - mx), Math.max(0, y1 - my), Math.min(1, x2 + mx), Math.min(1, y2 + my)];
}

/**
 * The evidence viewer: the cited sheet as a deep-zoom image (OpenSeadragon over the server's tile route, tiles
 * fetched with the bearer token), every cited block and zoomed region outlined and numbered as overlays, and a fly
 * to the region the user clicked. Overlays are placed in the page's pixels, so they sit on the drawing at any zoom.
 */
export function EvidenceViewer(props: { client: AizoomdocWebClient; target: ViewerTarget; document?: DocumentSummary; onClose: () => void; onPage: (page: number) => void }) {
  const { client, target } = props;
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<OpenSeadragon.Viewer | undefined>(undefined);
  const legend = useRef<HTMLUListElement>(null);
  const [error, setError] = useState<unknown>();
  const [ready, setReady] = useState(false);
  const [blocks, setBlocks] = useState<PageBlock[]>([]);

  // one viewer per page: a new page is a new tile source
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    setReady(false);
    setError(undefined);
    void client
      .accessToken()
      .then((token) => {
        if (cancelled || !host.current) return;
        const osd = OpenSeadragon({
          element: host.current,
          tileSources: client.pageTilesUrl(target.documentId, target.page),
          loadTilesWithAjax: true,
          ajaxHeaders: { Authorization: `Bearer ${token}` },
          drawer: "canvas",
          showNavigationControl: false,
          showNavigator: true,
          navigatorPosition: "BOTTOM_RIGHT",
          maxZoomPixelRatio: 2,
          visibilityRatio: 0.5,
          crossOriginPolicy: false,
          gestureSettingsMouse: { clickToZoom: false },
        });
        viewer.current = osd;
        osd.addHandler("open", () => {
          if (cancelled) return;
          setReady(true);
        });
        osd.addHandler("open-failed", () => !cancelled && setError(new Error("tiles")));
        osd.addHandler("animation-start", () => host.current?.setAttribute("data-view-state", "moving"));
        osd.addHandler("animation-finish", () => host.current?.setAttribute("data-view-state", "settled"));
        timer = setInterval(() => void client.accessToken().then((fresh) => osd.setAjaxHeaders({ Authorization: `Bearer ${fresh}` })), HEADER_REFRESH_MS);
      })
      .catch((caught: unknown) => !cancelled && setError(caught));
    return () => {
      cancelled = true;
      clearInterval(timer);
      viewer.current?.destroy();
      viewer.current = undefined;
    };
  }, [target.documentId, target.page]);

  // the page's captions name the outlined blocks; without them the legend says what kind each one is
  useEffect(() => {
    const abort = new AbortController();
    setBlocks([]);
    client.pageBlocks(target.documentId, target.page, { signal: abort.signal }).then(setBlocks, () => undefined);
    return () => abort.abort();
  }, [target.documentId, target.page]);
  // the legend is short and scrolls: the region flown to is the one to read there
  useEffect(() => legend.current?.querySelector("li.focused")?.scrollIntoView({ block: "nearest" }), [target]);
  const captionOf = (region: Region) => blocks.find((block) => block.id === region.blockId)?.caption ?? region.fallback;

  // outlines and the fly, once the page is open (and again for each new target on the same page)
  useEffect(() => {
    const osd = viewer.current;
    const item = osd?.world.getItemAt(0);
    if (!ready || !osd || !item) return;
    const size = item.getContentSize();
    const rectOf = ([x1, y1, x2, y2]: readonly number[]) => item.imageToViewportRectangle(x1! * size.x, y1! * size.y, (x2! - x1!) * size.x, (y2! - y1!) * size.y);
    osd.clearOverlays();
    const frame = document.createElement("div");
    frame.className = "page-frame";
    osd.addOverlay({ element: frame, location: rectOf([0, 0, 1, 1]) });
    target.regions.forEach((region, index) => {
      const element = document.createElement("div");
      element.className = `region ${region.kind}${index === target.focus ? " focused" : ""}`;
      element.dataset.label = region.label;
      element.dataset.bbox = region.bbox.join(",");
      const label = document.createElement("span");
      label.className = "region-label";
      label.textContent = region.label;
      element.append(label);
      osd.addOverlay({ element, location: rectOf(region.bbox) });
    });
    const focused = target.focus !== undefined ? target.regions[target.focus] : undefined;
    host.current?.setAttribute("data-view-state", "moving");
    if (focused) osd.viewport.fitBounds(rectOf(withMargin(focused.bbox)));
    else osd.viewport.goHome();
  }, [ready, target]);

  const zoom = (factor: number) => viewer.current?.viewport.zoomBy(factor);
  const pageCount = props.document?.pageCount ?? target.page;
  const pageInfo = props.document?.pages.find((p) => p.number === target.page);
  return (
    <section class="viewer" aria-labelledby="viewer-title">
      <div class="panel-head">
        <h2 id="viewer-title">
          {props.document?.name ?? "Документ"}, лист {target.page}
          {pageInfo?.title ? ` — ${pageInfo.title}` : ""}
        </h2>
        <button type="button" class="icon" onClick={props.onClose} aria-label="Закрыть просмотр листа">
          ×
        </button>
      </div>
      <div class="viewer-tools" role="toolbar" aria-label="Масштаб и листы">
        <button type="button" onClick={() => zoom(1.5)} aria-label="Приблизить">
          +
        </button>
        <button type="button" onClick={() => zoom(1 / 1.5)} aria-label="Отдалить">
          −
        </button>
        <button type="button" onClick={() => viewer.current?.viewport.goHome()}>
          Весь лист
        </button>
        <button type="button" disabled={target.page <= 1} onClick={() => props.onPage(target.page - 1)} aria-label="Предыдущий лист">
          ‹
        </button>
        <span class="page-no">
          {target.page} / {pageCount}
        </span>
        <button type="button" disabled={target.page >= pageCount} onClick={() => props.onPage(target.page + 1)} aria-label="Следующий лист">
          ›
        </button>
      </div>
      {target.regions.length > 0 && (
        <ul ref={legend} class="region-list" aria-label="Отмеченные области" tabIndex={0}>
          {target.regions.map((region, i) => (
            <li key={i} class={`${region.kind}${i === target.focus ? " focused" : ""}`}>
              <span class="region-chip">{region.label}</span> <span class="region-caption">{captionOf(region)}</span>
              <span class="region-detail">
                {[region.detail, region.blockId && `блок ${region.blockId}`].filter(Boolean).join(" · ")}
              </span>
            </li>
          ))}
        </ul>
      )}
      {error !== undefined && <ErrorNotice action="Не удалось открыть лист" error={error instanceof Error && error.message === "tiles" ? undefined : error} {...(error instanceof Error && error.message === "tiles" ? { text: { what: "Сервер не отдал изображение листа.", todo: "Проверьте, что документ — PDF и он ещё есть; повторите позже." } } : {})} />}
      <div ref={host} class="osd" data-testid="evidence-viewer" aria-label="Лист в масштабе: колесо мыши или + и − приближают, перетаскивание двигает" />
    </section>
  );
}
