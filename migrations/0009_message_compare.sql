-- A question asked in compare mode keeps its two sides (document ids of A and B), so a stream that names them
-- (the Python client names compare mode only on its stream) can tell whether the question already is one.
alter table chat_messages add column compare jsonb;
