-- Binds: schema (twice). Whether the schema and its schema_migrations table exist; pg_catalog shows both to any role,
-- whatever its privileges, so a role without CREATE can tell that there is nothing to create.
SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = lower(?)),
       EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = lower(?) AND tablename = 'schema_migrations')
