-- Binds: schema (twice). Whether the schema and its schema_migrations table exist.
SELECT EXISTS (SELECT 1 FROM information_schema.schemata WHERE lower(schema_name) = lower(?)),
       EXISTS (SELECT 1 FROM information_schema.tables WHERE lower(table_schema) = lower(?) AND table_name = 'schema_migrations')
