-- Images already uploaded to a model provider's files API (Gemini keeps them 48 h), shared by every instance: a run
-- taken up by another instance, or a chat's next round answered elsewhere, references the upload instead of sending
-- the bytes again. `key` is the adapter's: a hash of the API key and of the bytes, never the key itself.
create table model_file_cache (
  key text primary key,
  uri text not null,
  mime_type text not null,
  expires_at timestamptz not null
);
create index model_file_cache_expires_at on model_file_cache (expires_at);
