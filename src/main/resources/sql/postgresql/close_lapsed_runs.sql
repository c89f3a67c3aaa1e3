-- Binds: the lease in seconds. Closes every run whose process stopped refreshing its heartbeat that long ago.
UPDATE ${schema}.sync_runs
SET status = 'failed', finished_at = now(),
    error = 'the process running it (' || coalesce(instance, 'unknown instance') || ') was lost: no heartbeat since '
        || CAST(heartbeat_at AS text)
WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => ?)
