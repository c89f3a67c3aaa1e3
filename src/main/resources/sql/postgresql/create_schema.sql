-- Only when schema_state found it missing: creating a schema needs CREATE on the database, which a role that
-- runs against a schema an administrator made need not have.
CREATE SCHEMA IF NOT EXISTS ${schema}
