-- A page writer's session does not wait for its commits to reach disk. A server crash can then lose the last
-- commits, but each one whole (its rows with the resume point that covers them), so the next run simply
-- re-reads those pages: guarantee 4 holds, and a page commit no longer waits on a WAL flush.
SET synchronous_commit TO off
