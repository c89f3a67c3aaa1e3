-- A run's lease: the process running it refreshes heartbeat_at while the run lasts (RunHeartbeat), so a run whose
-- heartbeat lapsed belongs to a process that is gone, wherever it ran (a restarted container keeps its host name
-- and pid 1; a rescheduled pod gets a new host name). instance names that process in sync_runs and in the error of
-- a run it lost.
ALTER TABLE ${schema}.sync_runs ADD COLUMN instance text;
ALTER TABLE ${schema}.sync_runs ADD COLUMN heartbeat_at timestamptz;
UPDATE ${schema}.sync_runs SET instance = host || '-' || CAST(pid AS text), heartbeat_at = coalesce(finished_at, started_at);
