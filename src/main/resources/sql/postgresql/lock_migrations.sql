-- Held until the migrating transaction ends, so two processes starting together migrate one after the other.
SELECT pg_advisory_xact_lock(hashtext(?))
