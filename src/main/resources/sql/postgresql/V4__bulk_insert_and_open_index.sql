-- New rows are copied straight into conversations (copy_new_conversations.sql); these two columns then
-- take now(), the transaction's start, as the guarded upsert sets them.
ALTER TABLE ${schema}.conversations
    ALTER COLUMN _first_synced_at SET DEFAULT now(),
    ALTER COLUMN _last_changed_at SET DEFAULT now();

-- Every index costs each inserted row. The tool's own lookup (oldest_open_conversation.sql) wants only the
-- few conversations not yet final, so a partial index serves it; created_at stays indexed for the analysts'
-- date ranges. Add your own on completed_at or operator_id if your dashboards filter by them.
DROP INDEX ${schema}.conversations_completed_at_idx;
DROP INDEX ${schema}.conversations_operator_id_idx;
CREATE INDEX conversations_open_idx ON ${schema}.conversations (created_at)
    WHERE status IS NULL OR status IN ('queued', 'in-progress');
