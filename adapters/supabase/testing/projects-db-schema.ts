import type { ProjectsDbRows } from "../../../core/ports/testing/projects-db-fixture.js";
import type { SqlExecutor, SqlValue } from "../sql-driver.js";

/**
 * The four Projects DB tables as existing deployments have them (REFERENCE_BEHAVIOUR §2.2), for tests only:
 * the product never creates or writes these tables.
 */
export const PROJECTS_DB_SCHEMA = `
create table tree_nodes (
  id uuid primary key default gen_random_uuid(),
  parent_id uuid references tree_nodes(id) on delete cascade,
  client_id text,
  node_type text not null,
  name text not null,
  code text,
  version integer default 1,
  status text default 'active',
  attributes jsonb default '{}'::jsonb,
  sort_order integer default 0,
  pdf_status text default 'unknown',
  pdf_status_message text,
  pdf_status_updated_at timestamptz,
  is_locked boolean default false,
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
create table jobs (
  id uuid primary key default gen_random_uuid(),
  client_id text,
  document_id text,
  document_name text,
  task_name text,
  status text default 'queued',
  progress real,
  error_message text,
  engine text,
  r2_prefix text,
  node_id uuid references tree_nodes(id) on delete set null,
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
create table job_files (
  id uuid primary key default gen_random_uuid(),
  job_id uuid references jobs(id) on delete cascade,
  file_type text not null,
  r2_key text not null,
  file_name text,
  file_size bigint,
  created_at timestamptz default now()
);
create table node_files (
  id uuid primary key default gen_random_uuid(),
  node_id uuid references tree_nodes(id) on delete cascade,
  file_type text not null,
  r2_key text not null,
  file_name text,
  file_size bigint,
  mime_type text,
  metadata jsonb default '{}'::jsonb,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  unique (node_id, r2_key)
);
`;

/** Creates the tables and inserts the rows (parents before children). */
export async function seedProjectsDb(db: SqlExecutor, rows: ProjectsDbRows): Promise<void> {
  await db.exec(PROJECTS_DB_SCHEMA);
  const pending = [...rows.tree_nodes];
  const inserted = new Set<string>();
  while (pending.length > 0) {
    const index = pending.findIndex((n) => n.parent_id === null || inserted.has(n.parent_id));
    if (index < 0) throw new Error("fixture tree has a node whose parent is missing");
    const [node] = pending.splice(index, 1);
    await insert(db, "tree_nodes", { ...node!, attributes: JSON.stringify(node!.attributes) }, { attributes: "jsonb" });
    inserted.add(node!.id);
  }
  for (const job of rows.jobs) await insert(db, "jobs", { ...job });
  for (const file of rows.job_files) await insert(db, "job_files", { ...file });
  for (const file of rows.node_files) await insert(db, "node_files", { ...file, metadata: JSON.stringify(file.metadata) }, { metadata: "jsonb" });
}

async function insert(db: SqlExecutor, table: string, row: Record<string, unknown>, casts: Record<string, string> = {}): Promise<void> {
  const columns = Object.keys(row);
  const placeholders = columns.map((c, i) => `$${i + 1}${casts[c] ? `::${casts[c]}` : ""}`);
  await db.query(`insert into ${table} (${columns.join(", ")}) values (${placeholders.join(", ")})`, columns.map((c) => row[c] as SqlValue));
}
