-- Whether blocks without a `block_search` row may exist (saved before 0002): the application indexes them once
-- (adapters/supabase/block-search-rows.ts; the Russian normalisation is its own) and then deletes this row. It used
-- to look for such blocks at every start, an anti-join over every block: 86 ms on 5 k blocks, growing with the library.
create table block_search_backfill (due boolean primary key check (due));
insert into block_search_backfill (due)
  select true where exists (
    select 1 from blocks b where not exists (select 1 from block_search s where s.document_id = b.document_id and s.block_id = b.id)
  );
