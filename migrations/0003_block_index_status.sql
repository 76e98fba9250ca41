-- Block index entries (DESIGN §5) keep the outcome of every indexing attempt, so an interrupted or partly
-- failed run resumes where it stopped: status and last error per block, how often it was tried, which prompt
-- version wrote it, and the match keys (codes, floors, discipline, word stems) computed by the application
-- (core/domain/block-index.ts) for a GIN prefilter of candidate search.
alter table block_index
  add column status text not null default 'indexed' check (status in ('indexed', 'failed')),
  add column attempts integer not null default 0 check (attempts >= 0),
  add column last_error text,
  add column prompt_version integer,
  add column match_keys text[] not null default '{}';
create index block_index_match_keys_idx on block_index using gin (match_keys);
create index block_index_owner_document_idx on block_index (owner_id, document_id);
