-- Held until the reset commits: a sync that starts meanwhile waits to insert its sync_runs row, then
-- plans from the rewound watermarks, instead of planning from the old ones and closing over the reset.
LOCK TABLE ${schema}.sync_runs IN SHARE MODE
