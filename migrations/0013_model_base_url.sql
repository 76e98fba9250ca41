-- A user's own OpenAI-compatible server: its base URL is sealed as the key is (an internal host name, at times
-- credentials in the URL), and belongs to the stored key.
alter table settings add column model_base_url_sealed text;
alter table settings add constraint settings_model_base_url_with_key check (model_base_url_sealed is null or model_key_sealed is not null);
