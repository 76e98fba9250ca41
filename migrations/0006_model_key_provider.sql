-- A user's own model key belongs to a provider (the deployment may run Gemini or an OpenAI-compatible server);
-- the sealed key keeps its bytes, and keys stored before providers existed were Gemini keys.
alter table settings rename column gemini_api_key_encrypted to model_key_sealed;
alter table settings add column model_key_provider varchar(64);
update settings set model_key_provider = 'gemini' where model_key_sealed is not null;
alter table settings add constraint settings_model_key_pair check ((model_key_sealed is null) = (model_key_provider is null));
