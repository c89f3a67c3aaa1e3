INSERT INTO ${schema}.schema_migrations (version, description, applied_at) VALUES (?, ?, now())
