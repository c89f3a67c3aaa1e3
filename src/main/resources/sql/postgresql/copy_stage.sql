COPY pg_temp.conversations_stage FROM STDIN (FORMAT binary)
