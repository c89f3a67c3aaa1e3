-- A failure seen again keeps the first one's status, code and body (what the letter is about) and puts the
-- latest failure's beside them, so an outage that changes its face does not erase how it began.
ALTER TABLE ${schema}.dead_letters ADD COLUMN last_http_status integer;
ALTER TABLE ${schema}.dead_letters ADD COLUMN last_error_code text;
ALTER TABLE ${schema}.dead_letters ADD COLUMN last_message text;
