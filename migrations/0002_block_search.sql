-- Full-text search over blocks (DESIGN §5): one row per block, written in the same transaction as the block
-- (adapters/supabase/block-search-rows.ts) and removed with it (on delete cascade).
-- `words`: the Russian-stemmed text, normalised by the application first (Cyrillic/Latin look-alikes, ё,
-- decimal comma). `codes`: exact construction codes, numbers and cue pseudo-codes (`floor:2`, `sheet:5`)
-- extracted by core/domain/search-text.ts. `floors`: the floors the block (or its sheet's stamp) names.
-- page, kind and ordinal are copies of the block's (never updated in place) so ranking needs no join.
create table block_search (
  document_id text not null,
  block_id varchar(13) not null,
  owner_id text not null,
  page integer not null,
  kind varchar(5) not null,
  ordinal integer not null,
  words tsvector not null,
  codes text[] not null default '{}',
  floors integer[] not null default '{}',
  primary key (document_id, block_id),
  foreign key (document_id, block_id) references blocks (document_id, id) on delete cascade
);
-- fastupdate off: PGlite runs no autovacuum, and a GIN pending list would be scanned linearly by every query.
create index block_search_words_idx on block_search using gin (words) with (fastupdate = off);
create index block_search_codes_idx on block_search using gin (codes) with (fastupdate = off);
create index block_search_owner_idx on block_search (owner_id);

-- How many of an owner's blocks hold each stem: the weight of a query word (rare words decide more).
-- Kept by statement-level triggers, so a query reads a few rows instead of counting index matches.
create table block_search_terms (
  owner_id text not null,
  lexeme text not null,
  blocks integer not null,
  primary key (owner_id, lexeme)
);

create function block_search_terms_added() returns trigger language plpgsql as $$
begin
  insert into block_search_terms (owner_id, lexeme, blocks)
  select n.owner_id, l.lexeme, count(*)::int
  from added n, unnest(tsvector_to_array(n.words)) as l(lexeme)
  group by n.owner_id, l.lexeme
  on conflict (owner_id, lexeme) do update set blocks = block_search_terms.blocks + excluded.blocks;
  return null;
end
$$;

create function block_search_terms_removed() returns trigger language plpgsql as $$
begin
  update block_search_terms t set blocks = t.blocks - r.blocks
  from (
    select o.owner_id, l.lexeme, count(*)::int as blocks
    from removed o, unnest(tsvector_to_array(o.words)) as l(lexeme)
    group by o.owner_id, l.lexeme
  ) r
  where t.owner_id = r.owner_id and t.lexeme = r.lexeme;
  delete from block_search_terms where blocks <= 0;
  return null;
end
$$;

create trigger block_search_terms_insert after insert on block_search
  referencing new table as added for each statement execute function block_search_terms_added();
create trigger block_search_terms_delete after delete on block_search
  referencing old table as removed for each statement execute function block_search_terms_removed();
