-- Who is connected where, to name them in a message about a missing privilege (DuckDB has no roles).
SELECT 'duckdb', current_database()
