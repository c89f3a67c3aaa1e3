-- Held until the migrating transaction ends, so two processes starting together migrate one after the other.
-- lock_wait_migrations.sql bounds the wait: a session of ours that the network cut ends within
-- idle_in_transaction_session_timeout, so a longer wait means something else holds it.
SELECT pg_advisory_xact_lock(hashtext(?))
