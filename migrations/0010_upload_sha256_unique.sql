-- The same bytes uploaded twice by one user are one file, also when the two uploads race: a unique key where the
-- check-then-insert of the upload could not be one. Duplicates an earlier version let through are merged into the
-- oldest record first (what pointed at a duplicate points at it; the duplicate's blob is left unreferenced).
create temporary table upload_duplicates on commit drop as
  select id, keeper from (
    select id, first_value(id) over (partition by user_id, sha256 order by created_at, id collate "C") as keeper
    from storage_files
    where source_type = 'user_upload' and sha256 is not null
  ) ranked
  where id <> keeper;

update chats c set document_file_id = u.keeper from upload_duplicates u where c.document_file_id = u.id;
update chat_messages m set attached_file_ids = array(
    select coalesce(u.keeper, a.id) from unnest(m.attached_file_ids) with ordinality as a(id, n)
    left join upload_duplicates u on u.id = a.id order by a.n)
  where m.attached_file_ids && array(select id from upload_duplicates);
update chat_images i set file_id = u.keeper from upload_duplicates u where i.file_id = u.id;
delete from storage_files f using upload_duplicates u where f.id = u.id;

create unique index storage_files_upload_sha256_key on storage_files (user_id, sha256)
  where source_type = 'user_upload' and sha256 is not null;
