-- Once per database instance, when the warehouse opens. DuckDB checkpoints whenever its WAL passes
-- checkpoint_threshold (16 MB by default), and each checkpoint writes the table and its primary-key index out
-- again: loading 200,000 conversations went through about twenty, 1,000,000 about a hundred, which cost a third
-- of the sync (11.8 -> 7.6 s at 200,000; 73.6 -> 39.6 s at 1,000,000). The tool checkpoints after each run
-- instead (checkpoint.sql, from RunLedger.finish); this threshold bounds the WAL, and the memory its rows hold
-- until they are checkpointed, within one large run (1 GB was no faster and held 250 MB more at 1,000,000).
SET GLOBAL checkpoint_threshold = '256MiB'
