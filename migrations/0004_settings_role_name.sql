-- Roles are chosen by name (`settings set-role NAME`): a built-in role from prompts/ or one of the user's
-- user_prompts rows. selected_role_prompt_id (the reference's column) stays for rows that point at user_prompts.
alter table settings add column selected_role varchar(200);
