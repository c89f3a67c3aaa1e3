DELETE FROM temp.main.conversations_stage
