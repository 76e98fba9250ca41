-- Usernames are unique regardless of case: `admin user add Anna` is refused while "anna" exists, and the admin
-- commands find "anna" when asked for "Anna". The application computes the key (core/domain/user.ts `usernameKey`:
-- NFC, lower case) so every engine and locale agrees on it. Rows made before this migration get Postgres's lower(),
-- which agrees with it in a UTF-8 locale (Supabase's); a database in the C locale folds only their ASCII letters.
alter table users add column username_key text;
update users set username_key = lower(username);
alter table users alter column username_key set not null;
alter table users add constraint users_username_key_unique unique (username_key);
