-- Open dead letters by stage, for the operator_sync_dead_letters_open gauge (cheap: dead_letters_status_idx).
SELECT stage, count(*) AS open FROM ${schema}.dead_letters WHERE status = 'open' GROUP BY stage
