-- What makes two dead letters the same failure (the request without its window end, or the stage and
-- record), so a failure seen again updates its open letter instead of adding another.
ALTER TABLE ${schema}.dead_letters ADD COLUMN fingerprint text;
