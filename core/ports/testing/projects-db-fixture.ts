/** Rows of an existing deployment's Projects DB, in its own column names (REFERENCE_BEHAVIOUR §2.2). */
export interface TreeNodeRow {
  id: string;
  parent_id: string | null;
  client_id: string | null;
  node_type: string;
  name: string;
  code: string | null;
  version: number;
  status: string;
  attributes: Record<string, unknown>;
  sort_order: number;
  pdf_status: string;
  is_locked: boolean;
  created_at: string;
  updated_at: string;
}

export interface JobRow {
  id: string;
  client_id: string | null;
  document_id: string | null;
  document_name: string | null;
  task_name: string | null;
  status: string;
  progress: number | null;
  engine: string | null;
  r2_prefix: string | null;
  node_id: string | null;
  created_at: string;
}

export interface JobFileRow {
  id: string;
  job_id: string;
  file_type: string;
  r2_key: string;
  file_name: string;
  file_size: number | null;
  created_at: string;
}

export interface NodeFileRow {
  id: string;
  node_id: string;
  file_type: string;
  r2_key: string;
  file_name: string;
  file_size: number | null;
  mime_type: string | null;
  metadata: Record<string, unknown>;
  created_at: string;
}

export interface ProjectsDbRows {
  tree_nodes: TreeNodeRow[];
  jobs: JobRow[];
  job_files: JobFileRow[];
  node_files: NodeFileRow[];
}

/** Deterministic UUIDs for fixtures: `uuid(7)` = `00000000-0000-4000-8000-000000000007`. */
export const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** Ids of the fixture's nodes, for assertions. */
export const fixtureIds = {
  archive: uuid(1),
  client: uuid(2),
  zeta: uuid(3),
  project: uuid(10),
  sectionOv: uuid(11),
  sectionAr: uuid(12),
  documentAr4: uuid(20),
  ocrRun: uuid(21),
  documentKrv: uuid(22),
  documentSpec: uuid(23),
  jobOld: uuid(30),
  jobNew: uuid(31),
  jobBlocks: uuid(32),
  jobOrphan: uuid(33),
  jobSpec: uuid(34),
} as const;

/**
 * A small tree with the layouts real deployments have: results on jobs of the document, the block index on a
 * job of a child node (newer trees), legacy node files with crops, an orphan job, and names that need escaping.
 */
export function projectsDbFixture(): ProjectsDbRows {
  const i = fixtureIds;
  const node = (id: string, parent: string | null, type: string, name: string, sort: number, extra: Partial<TreeNodeRow> = {}): TreeNodeRow => ({
    id,
    parent_id: parent,
    client_id: "acme",
    node_type: type,
    name,
    code: null,
    version: 1,
    status: "active",
    attributes: {},
    sort_order: sort,
    pdf_status: "unknown",
    is_locked: false,
    created_at: "2025-01-01T08:00:00.000Z",
    updated_at: "2025-01-02T08:00:00.000Z",
    ...extra,
  });
  const job = (id: string, nodeId: string | null, createdAt: string): JobRow => ({
    id,
    client_id: "acme",
    document_id: "sha256:0f3a",
    document_name: "set.pdf",
    task_name: "ocr",
    status: "done",
    progress: 1,
    engine: "gemini",
    r2_prefix: "tree_docs/",
    node_id: nodeId,
    created_at: createdAt,
  });
  const jobFile = (n: number, jobId: string, type: string, key: string, size: number | null): JobFileRow => ({
    id: uuid(100 + n),
    job_id: jobId,
    file_type: type,
    r2_key: key,
    file_name: key.slice(key.lastIndexOf("/") + 1),
    file_size: size,
    created_at: "2025-03-01T10:00:00.000Z",
  });
  const nodeFile = (n: number, nodeId: string, type: string, key: string, extra: Partial<NodeFileRow> = {}): NodeFileRow => ({
    id: uuid(200 + n),
    node_id: nodeId,
    file_type: type,
    r2_key: key,
    file_name: key.replace(/\/$/, "").slice(key.replace(/\/$/, "").lastIndexOf("/") + 1),
    file_size: null,
    mime_type: null,
    metadata: {},
    created_at: "2025-02-01T10:00:00.000Z",
    ...extra,
  });
  const ar4 = `tree_docs/${i.documentAr4}`;
  return {
    tree_nodes: [
      node(i.client, null, "client", "ГК Стройпроект", 0),
      node(i.zeta, null, "client", "Zeta", 1),
      node(i.archive, null, "client", "Архив", 0),
      node(i.project, i.client, "project", "133/23 Жилой дом", 0, { code: "133/23" }),
      node(i.sectionAr, i.project, "section", "АР", 1, { code: "АР" }),
      node(i.sectionOv, i.project, "section", "ОВ", 0, { code: "ОВ" }),
      node(i.documentAr4, i.sectionAr, "document", "133/23-ГК-АР4 изм.7", 0, {
        code: "AR4-rev7",
        version: 7,
        attributes: { r2_key: `${ar4}/source.pdf`, pages: 27 },
        pdf_status: "complete",
      }),
      node(i.ocrRun, i.documentAr4, "task", "OCR run 2", 0),
      node(i.documentKrv, i.sectionAr, "document", "95/24-ГК-СТ-АР.КРВ", 1, { code: "КРВ" }),
      node(i.documentSpec, i.sectionOv, "document", "Спец_100% вариант", 0, { client_id: "other" }),
    ],
    jobs: [
      job(i.jobOld, i.documentAr4, "2025-01-10T09:00:00.000Z"),
      job(i.jobNew, i.documentAr4, "2025-03-01T09:00:00.000Z"),
      job(i.jobBlocks, i.ocrRun, "2025-03-02T09:00:00.000Z"),
      job(i.jobOrphan, null, "2025-03-03T09:00:00.000Z"),
      job(i.jobSpec, i.documentSpec, "2025-02-01T09:00:00.000Z"),
    ],
    job_files: [
      jobFile(1, i.jobOld, "result_md", `${ar4}/old_document.md`, 1000),
      jobFile(2, i.jobOld, "ocr_html", `${ar4}/old_ocr.html`, 2000),
      jobFile(3, i.jobNew, "result_md", `${ar4}/133_23-ГК-АР4_document.md`, 405_000),
      jobFile(4, i.jobNew, "ocr_html", `${ar4}/133_23-ГК-АР4_ocr.html`, 900_000),
      jobFile(5, i.jobBlocks, "blocks_index", `${ar4}/133_23-ГК-АР4_blocks.json`, 30_000),
      jobFile(6, i.jobOrphan, "result_md", "tree_docs/orphan/x_document.md", 10),
      jobFile(7, i.jobSpec, "result_md", `tree_docs/${i.documentSpec}/spec_document.md`, 10),
    ],
    node_files: [
      nodeFile(1, i.documentAr4, "pdf", `${ar4}/source.pdf`, { mime_type: "application/pdf", file_size: 52_000_000 }),
      nodeFile(2, i.documentAr4, "crop", `${ar4}/crops/AB12-CD34-EF5.pdf`, { metadata: { page_index: 2 }, mime_type: "application/pdf" }),
      nodeFile(3, i.documentAr4, "crops_folder", `${ar4}/crops/`),
      nodeFile(4, i.documentKrv, "ocr_html", `tree_docs/${i.documentKrv}/95_24_ocr.html`, { mime_type: "text/html" }),
      nodeFile(5, i.documentKrv, "annotation", `tree_docs/${i.documentKrv}/annotation.json`, { metadata: { version: 2 } }),
      nodeFile(6, i.project, "pdf", "tree_docs/project/cover.pdf"),
    ],
  };
}

/** A tiny crop PDF (the importer recognises crops by their `%PDF-` header). */
export const cropPdf = (blockId: string) => new TextEncoder().encode(`%PDF-1.4\n% crop ${blockId}\n%%EOF\n`);

/**
 * What the deployment's OCR pipeline left in its bucket for the fixture's documents (synthetic text in the
 * real formats). `documentSpec`'s result is deliberately absent, as after a partly failed upload.
 */
export function deploymentBucketFixture(): Map<string, Uint8Array> {
  const i = fixtureIds;
  const ar4 = `tree_docs/${i.documentAr4}`;
  const text = (s: string) => new TextEncoder().encode(s);
  const documentMd = [
    "# ГК Стройпроект / 133/23 Жилой дом / АР / 133_23-ГК-АР4.pdf",
    "",
    "Сгенерировано: 2025-03-01 09:00:00 UTC",
    "**Штамп:** Шифр: 133/23-ГК-АР4 | Стадия: РД | Организация: ГК Стройпроект",
    "",
    "---",
    "",
    "## СТРАНИЦА 1",
    "",
    "### BLOCK [TEXT]: AB12-CD34-EF1",
    "Общие данные. Перемычки см. →AB12-CD34-EF5",
    "",
    "## СТРАНИЦА 3",
    "**Лист:** 3",
    "**Наименование листа:** План 2 этажа",
    "",
    "### BLOCK [IMAGE]: AB12-CD34-EF5",
    "**Краткое описание:** План 2 этажа, перемычки ПР-1 над проёмами.",
    "",
    "### BLOCK [TABLE]: AB12-CD34-EF6",
    "| Поз. | Обозначение | Кол. |",
    "|---|---|---|",
    "| ПР-1 | 2ПБ13-1 | 12 |",
    "",
  ].join("\n");
  const blocksJson = JSON.stringify(
    { blocks: [{ id: "AB12-CD34-EF5", page_index: 2, block_type: "image", category_code: "plan", crop_url: `https://cdn.example/${ar4}/crops/AB12-CD34-EF5.pdf` }] },
    null,
    2,
  );
  const ocrHtml = `<!DOCTYPE html><html><head><title>КРВ - OCR</title></head><body>
<h1>ГК Стройпроект / АР / 95_24-ГК-СТ-АР.КРВ.pdf</h1>
<div class="block block-type-text">
<div class="block-header">Блок #1 (стр. 1) | Тип: text</div>
<div class="block-content"><p>BLOCK: KRV1-AAAA-001</p><p>Кровля: уклон 2%, водосточные воронки ВВ-1.</p></div></div>
<div class="block block-type-image">
<div class="block-header">Блок #2 (стр. 2) | Тип: image</div>
<div class="block-content"><p>BLOCK: KRV1-AAAA-002</p><p><b>Краткое описание:</b> План кровли в осях 1-7/А-Ж.</p></div></div>
</body></html>`;
  return new Map([
    [`${ar4}/old_document.md`, text(documentMd.replace("ПР-1 | 2ПБ13-1 | 12", "ПР-1 | 2ПБ13-1 | 10"))],
    [`${ar4}/133_23-ГК-АР4_document.md`, text(documentMd)],
    [`${ar4}/133_23-ГК-АР4_ocr.html`, text(ocrHtml)],
    [`${ar4}/133_23-ГК-АР4_blocks.json`, text(blocksJson)],
    [`${ar4}/crops/AB12-CD34-EF5.pdf`, cropPdf("AB12-CD34-EF5")],
    // a crop of a block the result does not have (left from an earlier run): must not be imported
    [`${ar4}/crops/ZZZZ-ZZZZ-ZZ9.pdf`, cropPdf("ZZZZ-ZZZZ-ZZ9")],
    [`tree_docs/${i.documentKrv}/95_24_ocr.html`, text(ocrHtml)],
  ]);
}
