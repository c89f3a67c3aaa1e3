-- Writes the WAL into the database file. Run after migrations: DuckDB 1.4.2 cannot replay a WAL that holds
-- this schema's DDL after the process was killed ("GetDefaultDatabase with no default database set"), so
-- the DDL must never be left in the WAL.
CHECKPOINT
