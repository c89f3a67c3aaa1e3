-- Binds: fingerprint.
SELECT id FROM ${schema}.dead_letters WHERE fingerprint = ? AND status = 'open' ORDER BY id LIMIT 1
