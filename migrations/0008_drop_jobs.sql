-- The hand-written work queue is retired: jobs now live in pg-boss's own schema (adapters/pgboss), which pg-boss
-- creates and migrates itself on start. Nothing ever enqueued into this table outside the tests.
drop table jobs;
