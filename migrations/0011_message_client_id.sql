-- A question posted again after a lost reply (the client's retry, with the same Idempotency-Key) is the same
-- message with the same run: the key is unique within its chat, and the message names the run that answers it.
alter table chat_messages add column client_message_id text, add column run_id text;
create unique index chat_messages_client_message_id_key on chat_messages (chat_id, client_message_id)
  where client_message_id is not null;
